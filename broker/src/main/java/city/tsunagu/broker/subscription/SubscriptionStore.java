package city.tsunagu.broker.subscription;

import city.tsunagu.broker.common.error.AlreadyExistsException;
import city.tsunagu.broker.tenant.Tenant;
import city.tsunagu.broker.tenant.TenantDatabases;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Subscriptions of a tenant in its database's {@code subscriptions} collection. The client's
 * members are stored as JSON text (their keys, e.g. receiverInfo values or names with dots, are
 * not all valid field names); what the broker filters on is in fields of its own.
 */
@Repository
public class SubscriptionStore {
    static final String COLLECTION = "subscriptions";
    /** When the next periodic notification is due; null for subscriptions that are not periodic. */
    private static final String NEXT_DUE = "nextDue";

    private final TenantDatabases tenants;
    private final JsonMapper json;

    public SubscriptionStore(TenantDatabases tenants, JsonMapper json) {
        this.tenants = tenants;
        this.json = json;
    }

    public Mono<Void> insert(Tenant tenant, StoredSubscription subscription) {
        return tenants.forWrite(tenant)
                .flatMap(db -> Mono.from(collection(db).insertOne(toDocument(subscription))))
                .onErrorMap(e -> e instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY,
                        e -> new AlreadyExistsException("Subscription " + subscription.id() + " already exists"))
                .then();
    }

    public Mono<StoredSubscription> find(Tenant tenant, String id) {
        return tenants.existing(tenant)
                .flatMap(db -> Mono.from(collection(db).find(Filters.eq("_id", id)).first()))
                .map(this::fromDocument);
    }

    /** A page of the tenant's subscriptions in id order. */
    public Flux<StoredSubscription> page(Tenant tenant, int offset, int limit) {
        return tenants.existing(tenant)
                .flatMapMany(db -> Flux.from(collection(db).find().sort(Sorts.ascending("_id")).skip(offset).limit(limit)))
                .map(this::fromDocument);
    }

    public Mono<Long> count(Tenant tenant) {
        return tenants.existing(tenant).flatMap(db -> Mono.from(collection(db).countDocuments()));
    }

    /** Replaces the client's members and modifiedAt; false if the subscription is gone. */
    public Mono<Boolean> replaceMembers(Tenant tenant, String id, ObjectNode members, String context, Instant modifiedAt) {
        Document update = new Document("$set", new Document("members", json.writeValueAsString(members))
                .append("context", context).append("modifiedAt", Date.from(modifiedAt))
                .append(NEXT_DUE, periodic(members, modifiedAt).get(NEXT_DUE)));
        return tenants.existing(tenant)
                .flatMap(db -> Mono.from(collection(db).updateOne(Filters.eq("_id", id), update)))
                .map(result -> result.getMatchedCount() == 1);
    }

    /** Counts one notification attempt's outcome into the subscription's status (5.2.12). */
    public Mono<Void> recordDelivery(Tenant tenant, String id, long attempts, long failures, Instant lastNotification,
                                     Instant lastSuccess, Instant lastFailure) {
        Document inc = new Document("timesSent", attempts);
        if (failures > 0) {
            inc.append("timesFailed", failures);
        }
        // $max: writes of outcomes (from this instance or another) may land out of time order
        Document latest = new Document("lastNotification", Date.from(lastNotification));
        if (lastSuccess != null) {
            latest.append("lastSuccess", Date.from(lastSuccess));
        }
        if (lastFailure != null) {
            latest.append("lastFailure", Date.from(lastFailure));
        }
        return tenants.existing(tenant)
                .flatMap(db -> Mono.from(collection(db).updateOne(Filters.eq("_id", id), new Document("$inc", inc).append("$max", latest))))
                .then();
    }

    /** Every subscription of the tenant, for the matcher; none for a tenant that does not exist. */
    public Flux<StoredSubscription> all(Tenant tenant) {
        return tenants.existing(tenant)
                .onErrorResume(city.tsunagu.broker.common.error.NonexistentTenantException.class, e -> Mono.empty())
                .flatMapMany(db -> Flux.from(collection(db).find()))
                .map(this::fromDocument);
    }

    public Mono<Boolean> delete(Tenant tenant, String id) {
        return tenants.existing(tenant)
                .flatMap(db -> Mono.from(collection(db).deleteOne(Filters.eq("_id", id))))
                .map(result -> result.getDeletedCount() == 1);
    }

    private static MongoCollection<Document> collection(MongoDatabase database) {
        return database.getCollection(COLLECTION);
    }

    private Document toDocument(StoredSubscription subscription) {
        StoredSubscription.Delivery delivery = subscription.delivery();
        Document document = new Document("_id", subscription.id())
                .append("members", json.writeValueAsString(subscription.members()))
                .append("context", subscription.context())
                .append("createdAt", Date.from(subscription.createdAt()))
                .append("modifiedAt", Date.from(subscription.modifiedAt()))
                .append("timesSent", delivery.timesSent())
                .append("timesFailed", delivery.timesFailed())
                .append("lastNotification", date(delivery.lastNotification()))
                .append("lastSuccess", date(delivery.lastSuccess()))
                .append("lastFailure", date(delivery.lastFailure()));
        periodic(subscription.members(), subscription.createdAt()).forEach(document::append);
        return document;
    }

    /** For a periodic subscription (timeInterval), when its next notification is due: now, then every interval. */
    private static Document periodic(ObjectNode members, Instant now) {
        return members.has("timeInterval") ? new Document(NEXT_DUE, Date.from(now)) : new Document(NEXT_DUE, null);
    }

    /**
     * Claims the periodic subscriptions of the tenant whose notification is due: each one's next
     * time moves on by its interval in the same update, so of several broker instances sharing
     * the store exactly one sends it.
     */
    public Flux<StoredSubscription> claimDue(Tenant tenant, Instant now) {
        return tenants.existing(tenant)
                .onErrorResume(city.tsunagu.broker.common.error.NonexistentTenantException.class, e -> Mono.empty())
                .flatMapMany(db -> Flux.from(collection(db).find(Filters.lte(NEXT_DUE, Date.from(now))))
                        .map(this::fromDocument)
                        .concatMap(due -> {
                            double seconds = due.members().path("timeInterval").asDouble();
                            Date next = Date.from(now.plusMillis((long) (seconds * 1000)));
                            return Mono.from(collection(db).updateOne(
                                            Filters.and(Filters.eq("_id", due.id()), Filters.lte(NEXT_DUE, Date.from(now))),
                                            new Document("$set", new Document(NEXT_DUE, next))))
                                    .filter(result -> result.getModifiedCount() == 1)
                                    .map(claimed -> due);
                        }));
    }

    private StoredSubscription fromDocument(Document document) {
        ObjectNode members = (ObjectNode) json.readTree(document.getString("members"));
        StoredSubscription.Delivery delivery = new StoredSubscription.Delivery(number(document, "timesSent"),
                number(document, "timesFailed"), instant(document, "lastNotification"), instant(document, "lastSuccess"),
                instant(document, "lastFailure"));
        return new StoredSubscription(document.getString("_id"), members, document.getString("context"),
                instant(document, "createdAt"), instant(document, "modifiedAt"), delivery);
    }

    private static long number(Document document, String field) {
        return document.get(field) instanceof Number n ? n.longValue() : 0L;
    }

    private static Instant instant(Document document, String field) {
        Date date = document.getDate(field);
        return date == null ? null : date.toInstant();
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }
}
