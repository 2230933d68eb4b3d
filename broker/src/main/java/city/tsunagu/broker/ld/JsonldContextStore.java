package city.tsunagu.broker.ld;

import city.tsunagu.broker.tenant.Tenant;
import city.tsunagu.broker.tenant.TenantDatabases;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Hosted and implicitly created @contexts, kept in the collection {@code jsonldContexts} of the
 * default tenant's database. The @context value is stored as JSON text: its keys ("@context",
 * "schema:name", names with dots) are not all valid MongoDB field names.
 */
@Component
class JsonldContextStore {
    static final String COLLECTION = "jsonldContexts";

    private final TenantDatabases databases;

    JsonldContextStore(TenantDatabases databases) {
        this.databases = databases;
    }

    /** One stored @context. {@code tenant} is null for the default tenant and for implicitly created ones. */
    record StoredContext(String id, ContextKind kind, String tenant, String context, Instant createdAt) {
    }

    Mono<Void> insert(StoredContext stored) {
        return Mono.from(collection().insertOne(toDocument(stored))).then();
    }

    /** Inserts unless a context with that id exists already (implicit contexts have content-derived ids). */
    Mono<Void> insertIfAbsent(StoredContext stored) {
        return insert(stored).onErrorResume(MongoWriteException.class,
                e -> e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY ? Mono.empty() : Mono.error(e));
    }

    Mono<StoredContext> find(String id) {
        return Mono.from(collection().find(Filters.eq("_id", id)).first()).map(JsonldContextStore::fromDocument);
    }

    Flux<StoredContext> findAll(ContextKind kind) {
        Bson filter = kind == null ? new Document() : Filters.eq("kind", kind.name());
        return Flux.from(collection().find(filter).sort(new Document("createdAt", 1))).map(JsonldContextStore::fromDocument);
    }

    Mono<Boolean> delete(String id) {
        return Mono.from(collection().deleteOne(Filters.eq("_id", id))).map(result -> result.getDeletedCount() > 0);
    }

    private MongoCollection<Document> collection() {
        return databases.database(Tenant.DEFAULT).getCollection(COLLECTION);
    }

    private static Document toDocument(StoredContext stored) {
        return new Document("_id", stored.id())
                .append("kind", stored.kind().name())
                .append("tenant", stored.tenant())
                .append("context", stored.context())
                .append("createdAt", Date.from(stored.createdAt()));
    }

    private static StoredContext fromDocument(Document document) {
        Date created = document.getDate("createdAt");
        return new StoredContext(document.getString("_id"), ContextKind.valueOf(document.getString("kind")),
                document.getString("tenant"), document.getString("context"),
                created != null ? created.toInstant() : Instant.EPOCH);
    }
}
