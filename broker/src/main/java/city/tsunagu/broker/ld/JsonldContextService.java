package city.tsunagu.broker.ld;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.common.error.InternalErrorException;
import city.tsunagu.broker.common.error.ResourceNotFoundException;
import city.tsunagu.broker.ld.JsonldContextStore.StoredContext;
import city.tsunagu.broker.tenant.Tenant;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The @contexts the broker holds, as the /jsonldContexts API (ETSI GS CIM 009 v1.9.1, 5.13) sees
 * them. Hosted @contexts are private to the tenant that added them; Cached and ImplicitlyCreated
 * ones (copies of public documents, or derived from requests) are visible to every tenant.
 */
@Component
public class JsonldContextService {
    private final LdContextResolver resolver;
    private final JsonldContextStore store;
    private final SecureRandom random;

    public JsonldContextService(LdContextResolver resolver) {
        this.resolver = resolver;
        this.store = resolver.store();
        try {
            // Seeded now, at start-up: later ids are computed without reading the entropy source,
            // so creating one never blocks a request thread.
            this.random = SecureRandom.getInstance("SHA1PRNG");
            this.random.nextBytes(new byte[16]);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Add @context (5.13.2): checks the @context like a request's, downloads what it references, stores it. */
    public Mono<String> add(Tenant tenant, JsonNode context) {
        if (context == null || !(context.isObject() || context.isString() || context.isArray())) {
            return Mono.error(new BadRequestDataException("@context must be a URL, an object, or an array of URLs and objects"));
        }
        if (store == null) {
            return Mono.error(new InternalErrorException("Hosting @contexts needs the store, which this broker was started without"));
        }
        return resolver.validate(context).then(Mono.defer(() -> {
            StoredContext stored = new StoredContext(newId(), ContextKind.Hosted, tenant.name(),
                    CanonicalJson.write(context, resolver.json()), Instant.now());
            return store.insert(stored)
                    .then(Mono.fromRunnable(() -> resolver.registerStored(stored)))
                    .thenReturn(stored.id());
        }));
    }

    /** List @contexts (5.13.3): the core one, the downloaded ones, this tenant's hosted ones and the implicit ones. */
    public Flux<ContextDetails> list(Tenant tenant, ContextKind kind) {
        Flux<ContextDetails> cached = Flux.defer(() -> Flux.concat(
                Flux.just(ContextDetails.of(resolver.coreDocument())),
                Flux.fromIterable(resolver.cachedDocuments()).map(ContextDetails::of)));
        Flux<ContextDetails> fromStore = kind == ContextKind.Cached ? Flux.empty() : store == null
                ? Flux.defer(() -> Flux.fromIterable(resolver.storedDocuments()).map(ContextDetails::of))
                : store.findAll(kind)
                        .filter(context -> context.kind() != ContextKind.Hosted || Objects.equals(context.tenant(), tenant.name()))
                        .map(this::details);
        return Flux.concat(cached, fromStore).filter(details -> kind == null || details.kind() == kind);
    }

    /** Serve @context (5.13.4): the document as stored or downloaded. */
    public Mono<JsonNode> content(Tenant tenant, String contextId) {
        return find(tenant, contextId).map(document -> document.body);
    }

    /** Serve @context with details=true (5.13.4). */
    public Mono<ContextDetails> details(Tenant tenant, String contextId) {
        return find(tenant, contextId).map(ContextDetails::of);
    }

    /**
     * Delete and reload @context (5.13.5). Hosted and implicit ones are deleted; Cached ones are
     * dropped from the cache, or with reload downloaded again. The core @context cannot be
     * deleted; reloading it succeeds and changes nothing (it is built into the broker).
     */
    public Mono<Void> delete(Tenant tenant, String contextId, boolean reload) {
        return Mono.defer(() -> {
            if (isCore(contextId)) {
                return reload ? Mono.empty() : Mono.error(new BadRequestDataException(
                        "The NGSI-LD core @context cannot be deleted (reload=true is accepted and keeps the copy built into the broker)"));
            }
            ContextDocument cached = resolver.cachedDocument(contextId, true);
            if (cached != null) {
                return reload ? resolver.reload(cached) : Mono.fromRunnable(() -> resolver.forgetCached(cached.url));
            }
            String id = storedId(contextId);
            return findStored(tenant, id)
                    .switchIfEmpty(Mono.error(() -> reload && !contextId.contains(":")
                            ? new BadRequestDataException("reload=true applies to Cached @contexts, named by their URL; '"
                                    + contextId + "' is not the URL of a Cached @context")
                            : notFound(contextId)))
                    .flatMap(document -> reload
                            ? Mono.error(new BadRequestDataException("Only Cached @contexts can be reloaded; " + contextId
                                    + " is " + document.kind))
                            : deleteStored(id));
        });
    }

    private Mono<Void> deleteStored(String id) {
        Mono<Boolean> deleted = store != null ? store.delete(id) : Mono.just(true);
        return deleted.then(Mono.fromRunnable(() -> resolver.forgetStored(id)));
    }

    private Mono<ContextDocument> find(Tenant tenant, String contextId) {
        return Mono.defer(() -> {
            if (isCore(contextId)) {
                return Mono.just(resolver.coreDocument());
            }
            ContextDocument cached = resolver.cachedDocument(contextId, true);
            if (cached != null) {
                return Mono.just(cached);
            }
            return findStored(tenant, storedId(contextId)).switchIfEmpty(Mono.error(() -> notFound(contextId)));
        });
    }

    /** A hosted @context of this tenant, or an implicitly created one. */
    private Mono<ContextDocument> findStored(Tenant tenant, String id) {
        return resolver.storedDocument(id)
                .filter(document -> document.kind != ContextKind.Hosted || Objects.equals(document.tenant, tenant.name()));
    }

    private ContextDetails details(StoredContext context) {
        ContextUsage usage = resolver.storedUsage(context.id());
        return new ContextDetails(resolver.contextUrl(context.id()), context.id(), context.kind(), context.createdAt(),
                usage.lastUsage(), usage.hits(), null);
    }

    private String storedId(String contextId) {
        String own = resolver.ownContextId(contextId);
        return own != null ? own : contextId;
    }

    private static boolean isCore(String contextId) {
        return CoreContext.isCoreUrl(contextId) || CoreContext.LOCAL_ID.equals(contextId);
    }

    private static ResourceNotFoundException notFound(String contextId) {
        return new ResourceNotFoundException("@context " + contextId + " does not exist");
    }

    private String newId() {
        byte[] bytes = new byte[16];
        synchronized (random) {
            random.nextBytes(bytes);
        }
        return HexFormat.of().formatHex(bytes);
    }
}
