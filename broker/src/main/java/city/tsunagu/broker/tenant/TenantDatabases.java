package city.tsunagu.broker.tenant;

import city.tsunagu.broker.common.error.NonexistentTenantException;
import city.tsunagu.broker.store.StoreProperties;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tenants are databases (architecture decision 5). The default tenant uses the database named by
 * the prefix; tenant {@code t} uses {@code prefix-<t>}, or a digest of the name where it holds
 * characters MongoDB does not allow in database names. Known tenants are registered in the
 * default database, so reads on a tenant nobody has written to answer NonexistentTenant.
 */
@Component
public class TenantDatabases {
    private static final String REGISTRY = "tenants";

    private final MongoClient client;
    private final String prefix;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final Map<String, Mono<Void>> registering = new ConcurrentHashMap<>();

    public TenantDatabases(MongoClient client, StoreProperties properties) {
        this.client = client;
        this.prefix = properties.databasePrefix();
    }

    /** The database of a tenant that must exist (reads, updates, deletes). */
    public Mono<MongoDatabase> existing(Tenant tenant) {
        if (tenant.isDefault() || known.contains(tenant.name())) {
            return Mono.just(database(tenant));
        }
        return Mono.from(registry().find(new Document("_id", tenant.name())).first())
                .switchIfEmpty(Mono.error(() -> new NonexistentTenantException("Tenant " + tenant.name() + " does not exist")))
                .map(found -> {
                    known.add(tenant.name());
                    return database(tenant);
                });
    }

    /** The database of a tenant, registering the tenant on its first write. */
    public Mono<MongoDatabase> forWrite(Tenant tenant) {
        if (tenant.isDefault() || known.contains(tenant.name())) {
            return Mono.just(database(tenant));
        }
        // concurrent first writers of a tenant share one registration
        Mono<Void> registration = registering.computeIfAbsent(tenant.name(), name -> {
            Document entry = new Document("_id", name).append("database", databaseName(tenant));
            return Mono.from(registry().insertOne(entry))
                    .onErrorResume(MongoWriteException.class,
                            e -> e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY ? Mono.empty() : Mono.error(e))
                    .doOnSuccess(done -> known.add(name))
                    .doFinally(signal -> registering.remove(name))
                    .then()
                    .cache();
        });
        return registration.then(Mono.fromSupplier(() -> database(tenant)));
    }

    /** Names of all tenants that have been written to, the default one excluded. */
    public Flux<String> tenantNames() {
        return Flux.from(registry().find()).map(d -> d.getString("_id"));
    }

    public MongoDatabase database(Tenant tenant) {
        return client.getDatabase(databaseName(tenant));
    }

    private MongoDatabase defaultDatabase() {
        return client.getDatabase(prefix);
    }

    private com.mongodb.reactivestreams.client.MongoCollection<Document> registry() {
        return defaultDatabase().getCollection(REGISTRY);
    }

    String databaseName(Tenant tenant) {
        if (tenant.isDefault()) {
            return prefix;
        }
        String name = tenant.name();
        // MongoDB database names are case-insensitive and exclude '.', so such names get a digest.
        if (name.matches("[a-z0-9_\\-]{1,40}")) {
            return prefix + "-" + name;
        }
        return prefix + "-" + digest(name);
    }

    private static String digest(String name) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16).toLowerCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
