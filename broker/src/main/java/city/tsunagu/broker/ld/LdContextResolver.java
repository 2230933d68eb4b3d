package city.tsunagu.broker.ld;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.common.error.LdContextNotAvailableException;
import city.tsunagu.broker.common.error.NgsiLdException;
import city.tsunagu.broker.ld.JsonldContextStore.StoredContext;
import city.tsunagu.broker.ld.RemoteContextFetcher.Download;
import city.tsunagu.broker.ld.RemoteContextFetcher.FetchException;
import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.context.ActiveContext;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns the @context of a request — a Link header or a body's "@context" member — into an
 * {@link LdContext} (architecture decision 4).
 *
 * <p>The core context is bundled and processed at start-up. Any other @context is downloaded once
 * (Reactor Netty, non-blocking, with a time and a size limit), together with every @context it
 * references, and only then processed by Titanium on a worker thread with a loader that serves
 * the downloaded documents. The resulting term maps are cached by Link header value or by the
 * inline @context, so a @context seen before resolves with {@code Mono.just}. Concurrent first
 * requests for one @context share one download and one processing. Downloaded documents are kept
 * for {@link LdProperties#cacheTtl()}; failures are not cached, and a document that cannot be
 * refreshed when its time is up stays in use (with a warning) until a later try succeeds.
 *
 * <p>A @context that a Link header cannot name as one URL — an object, or several URLs — is
 * registered as an ImplicitlyCreated @context and linked as
 * {@code {publicBaseUrl}/ngsi-ld/v1/jsonldContexts/{id}}, with an id derived from its content.
 */
@Component
public class LdContextResolver implements ApplicationListener<WebServerInitializedEvent>, DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(LdContextResolver.class);

    /** Path of the @context resources (5.13); hosted and implicitly created @contexts live below it. */
    public static final String CONTEXTS_PATH = "/ngsi-ld/v1/jsonldContexts";
    /** Most documents one @context may pull in, nested references included. */
    static final int MAX_DOCUMENTS = 32;
    /** How long a stale document stays in use after a failed refresh before the next try. */
    private static final long STALE_RETRY_MILLIS = 60_000;

    private final LdProperties properties;
    private final JsonMapper json;
    private final JsonldContextStore store;
    private final RemoteContextFetcher fetcher;
    private final ContextProcessor processor;
    private final TermMap coreTerms;
    private final ContextDocument coreDocument;
    private final LdContext core;
    private volatile String publicBaseUrl;

    /** Resolved request @contexts, by Link header value (String) or inline @context (JsonNode). */
    private final ConcurrentHashMap<Object, LdContext> resolved = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Object, Mono<LdContext>> resolving = new ConcurrentHashMap<>();
    /** Downloaded documents (kind Cached), by URL. */
    private final ConcurrentHashMap<String, ContextDocument> cached = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Mono<ContextDocument>> downloading = new ConcurrentHashMap<>();
    /** Hosted and implicitly created documents read from the store or created here, by local id. */
    private final ConcurrentHashMap<String, ContextDocument> stored = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ContextUsage> storedUsage = new ConcurrentHashMap<>();

    @Autowired
    LdContextResolver(LdProperties properties, JsonMapper json, JsonldContextStore store, Environment environment) {
        this(properties, json, store, properties.publicBaseUrl() != null ? properties.publicBaseUrl()
                : "http://localhost:" + environment.getProperty("server.port", "1026"));
    }

    /** A resolver without a store (hosted @contexts unavailable), for use outside Spring: tests, benchmarks. */
    public LdContextResolver(LdProperties properties) {
        this(properties, JsonMapper.builder().build(), null,
                properties.publicBaseUrl() != null ? properties.publicBaseUrl() : "http://localhost:1026");
    }

    private LdContextResolver(LdProperties properties, JsonMapper json, JsonldContextStore store, String publicBaseUrl) {
        this.properties = properties;
        this.json = json;
        this.store = store;
        this.publicBaseUrl = publicBaseUrl;
        this.fetcher = new RemoteContextFetcher(properties.fetchTimeout(), properties.maxSize().toBytes());
        byte[] coreBytes = readResource(CoreContext.RESOURCE);
        JsonStructure coreJsonLd = ContextProcessor.parse(coreBytes);
        this.processor = new ContextProcessor(coreJsonLd);
        JsonNode coreBody = json.readTree(coreBytes);
        ContextReferences coreReferences = ContextReferences.of(coreBody.get("@context"), CoreContext.URL);
        this.coreDocument = new ContextDocument(CoreContext.URL, CoreContext.URL, CoreContext.LOCAL_ID, ContextKind.Cached,
                coreBody, coreJsonLd, coreReferences, Instant.now(), new ContextUsage(), null, Long.MAX_VALUE);
        try {
            JsonValue coreContext = coreJsonLd.asJsonObject().get("@context");
            ActiveContext active = processor.process(coreContext, Map.of(), coreReferences.scoped(), false);
            this.coreTerms = TermMap.of(active, Set.of());
        } catch (JsonLdError e) {
            throw new IllegalStateException("The bundled core @context cannot be processed: " + ContextProcessor.describe(e), e);
        }
        this.core = new LdContext(coreTerms, TermMap.EMPTY, json.getNodeFactory().stringNode(CoreContext.URL),
                CoreContext.URL, true, new ContextUsage[] {coreDocument.usage}, Set.of(), Long.MAX_VALUE);
        log.debug("Core @context loaded: {} terms", coreTerms.size());
    }

    /** The core @context alone: for requests without a @context. */
    public LdContext core() {
        return core;
    }

    /**
     * From a request's Link header value (null/blank → {@link #core()}). Malformed Link →
     * InvalidRequest; a context link with a type other than application/ld+json, several context
     * links, or a URL that is not absolute http(s) → BadRequestData; a @context that cannot be
     * downloaded → LdContextNotAvailable.
     */
    public Mono<LdContext> resolveLink(String linkHeader) {
        long now = System.currentTimeMillis();
        if (linkHeader == null || linkHeader.isBlank()) {
            return Mono.just(core.touch(now));
        }
        LdContext hit = resolved.get(linkHeader);
        if (hit != null && hit.isFresh(now)) {
            return Mono.just(hit.touch(now));
        }
        String url;
        try {
            url = LinkHeader.contextUrl(linkHeader);
            if (url == null || CoreContext.isCoreUrl(url)) {
                return Mono.just(core.touch(now));
            }
            ContextReferences.of(json.getNodeFactory().stringNode(url), null);
        } catch (NgsiLdException e) {
            return Mono.error(e);
        } catch (InvalidContextException e) {
            return Mono.error(new BadRequestDataException("The Link header's @context is invalid: " + e.getMessage()));
        }
        JsonNode urlNode = json.getNodeFactory().stringNode(url);
        return resolve(linkHeader, () -> build(List.of(urlNode), urlNode, url, null));
    }

    /**
     * From a body's "@context" member: a URL string, an object, or an array of both. Core context
     * URLs in it are recognised and not downloaded; the core context is applied last in any case.
     */
    public Mono<LdContext> resolveInline(JsonNode contextValue) {
        long now = System.currentTimeMillis();
        if (contextValue == null || contextValue.isNull() || contextValue.isMissingNode()) {
            return Mono.just(core.touch(now));
        }
        LdContext hit = resolved.get(contextValue);
        if (hit != null && hit.isFresh(now)) {
            return Mono.just(hit.touch(now));
        }
        List<JsonNode> userItems;
        try {
            userItems = userItems(contextValue);
        } catch (BadRequestDataException e) {
            return Mono.error(e);
        }
        if (userItems.isEmpty()) {
            return Mono.just(core.touch(now));
        }
        JsonNode key = contextValue.deepCopy();
        if (userItems.size() == 1 && userItems.get(0).isString()) {
            String url = userItems.get(0).stringValue();
            return resolve(key, () -> build(userItems, key, url, null));
        }
        String id = CanonicalJson.digest(key, json);
        return resolve(key, () -> build(userItems, key, contextUrl(id), id)
                .flatMap(ctx -> registerImplicit(id, key).thenReturn(ctx)));
    }

    // ------------------------------------------------------------------ resolution

    private Mono<LdContext> resolve(Object key, Supplier<Mono<LdContext>> builder) {
        return coalesce(resolving, key, () -> builder.get().doOnNext(ctx -> {
            evictIfFull(resolved, LdContext::lastUsedMillis);
            resolved.put(key, ctx);
        })).map(ctx -> ctx.touch(System.currentTimeMillis()));
    }

    /**
     * Builds the context for the user's items: downloads what they reference, processes them with
     * Titanium off the event loop, and wraps the term maps.
     *
     * @param implicitId the local id of the ImplicitlyCreated @context naming them, or null
     */
    private Mono<LdContext> build(List<JsonNode> userItems, JsonNode responseContext, String linkUrl, String implicitId) {
        ArrayNode userContext = json.createArrayNode().addAll(userItems);
        ContextReferences references;
        try {
            references = ContextReferences.of(userContext, null);
        } catch (InvalidContextException e) {
            return Mono.error(new BadRequestDataException("The @context is invalid: " + e.getMessage()));
        }
        return gather(references.required())
                .publishOn(Schedulers.boundedElastic())
                .map(documents -> {
                    TermMap terms = process(userContext, documents, references);
                    List<ContextUsage> usages = new ArrayList<>();
                    long expiresAt = Long.MAX_VALUE;
                    for (ContextDocument document : documents.values()) {
                        expiresAt = Math.min(expiresAt, document.expiresAtMillis());
                        if (references.required().contains(document.url)) {
                            usages.add(document.usage);
                        }
                    }
                    Set<String> dependencies = new HashSet<>(documents.keySet());
                    if (implicitId != null) {
                        usages.add(storedUsage.computeIfAbsent(implicitId, id -> new ContextUsage()));
                        dependencies.add(linkUrl);
                    }
                    return new LdContext(coreTerms, terms, responseContext, linkUrl, false,
                            usages.toArray(ContextUsage[]::new), Set.copyOf(dependencies), expiresAt);
                });
    }

    /** Every document the references need, nested references included, by URL. */
    private Mono<Map<String, ContextDocument>> gather(List<String> roots) {
        if (roots.isEmpty()) {
            return Mono.just(Map.of());
        }
        Map<String, ContextDocument> documents = new ConcurrentHashMap<>();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        seen.addAll(roots);
        return Flux.fromIterable(roots)
                .flatMap(this::document)
                .expand(document -> {
                    documents.put(document.url, document);
                    List<String> next = document.references.required().stream().filter(seen::add).toList();
                    if (seen.size() > MAX_DOCUMENTS) {
                        return Flux.error(new BadRequestDataException("The @context references more than "
                                + MAX_DOCUMENTS + " @contexts (nested ones included)"));
                    }
                    return Flux.fromIterable(next).flatMap(this::document);
                })
                .then(Mono.fromSupplier(() -> {
                    Map<String, ContextDocument> ordered = new LinkedHashMap<>();
                    for (String root : roots) {
                        ordered.put(root, documents.get(root));
                    }
                    ordered.putAll(documents);
                    return ordered;
                }));
    }

    /** Runs Titanium; core context URLs inside are served from the bundle, in place or (if a user term clashes with a protected core term) as empty. */
    private TermMap process(ArrayNode userContext, Map<String, ContextDocument> documents, ContextReferences references) {
        Set<String> stubs = new HashSet<>(references.scoped());
        stubs.addAll(coreDocument.references.scoped());
        documents.values().forEach(document -> stubs.addAll(document.references.scoped()));
        stubs.removeAll(documents.keySet());
        JsonValue local = ContextProcessor.toJsonLd(userContext, json);
        ActiveContext active;
        try {
            try {
                active = processor.process(local, documents, stubs, false);
            } catch (JsonLdError e) {
                if (!ContextProcessor.isProtectedTermRedefinition(e)) {
                    throw e;
                }
                active = processor.process(local, documents, stubs, true);
            }
        } catch (JsonLdError e) {
            throw new BadRequestDataException("The @context is invalid: " + ContextProcessor.describe(e));
        } catch (RuntimeException e) {
            throw new BadRequestDataException("The @context is invalid: JSON-LD processing failed (" + e + ")");
        }
        return TermMap.of(active, coreTerms.defined);
    }

    /** The items of an inline @context other than core context URLs; BadRequestData for anything but URLs and objects. */
    private List<JsonNode> userItems(JsonNode contextValue) {
        List<JsonNode> items = new ArrayList<>();
        if (contextValue.isArray()) {
            contextValue.forEach(items::add);
        } else {
            items.add(contextValue);
        }
        List<JsonNode> user = new ArrayList<>();
        for (JsonNode item : items) {
            if (item.isString()) {
                if (!CoreContext.isCoreUrl(item.stringValue())) {
                    user.add(item);
                }
            } else if (item.isObject()) {
                user.add(item);
            } else if (!item.isNull()) {
                throw new BadRequestDataException("@context must be a URL, an object, or an array of URLs and objects; "
                        + "it holds " + item.getNodeType().name().toLowerCase(Locale.ROOT) + " " + item);
            }
        }
        return user;
    }

    // ------------------------------------------------------------------ documents

    /** A document by URL: one of ours (hosted or implicit) from the store, any other one downloaded. */
    private Mono<ContextDocument> document(String url) {
        String ownId = ownContextId(url);
        if (ownId != null) {
            return storedDocument(ownId).switchIfEmpty(Mono.error(() -> new LdContextNotAvailableException(
                    "The @context " + url + " does not exist on this broker")));
        }
        return cachedDocument(url);
    }

    private Mono<ContextDocument> cachedDocument(String url) {
        ContextDocument current = cached.get(url);
        if (current != null && current.isFresh(System.currentTimeMillis())) {
            return Mono.just(current);
        }
        return coalesce(downloading, url, () -> download(url, current)
                .doOnNext(document -> {
                    evictIfFull(cached, d -> lastUsed(d));
                    cached.put(url, document);
                })
                .onErrorResume(e -> {
                    if (current == null) {
                        return Mono.error(e);
                    }
                    log.warn("Keeping the cached @context {} for now: refreshing it failed: {}", url, e.getMessage());
                    current.extend(System.currentTimeMillis() + Math.min(STALE_RETRY_MILLIS, properties.cacheTtl().toMillis()));
                    return Mono.just(current);
                }));
    }

    /** Downloads and parses a document; LdContextNotAvailable when that fails. */
    private Mono<ContextDocument> download(String url, ContextDocument previous) {
        log.debug("Downloading @context {}", url);
        return fetcher.fetch(url)
                .publishOn(Schedulers.boundedElastic())
                .map(download -> parse(download, previous))
                .onErrorMap(e -> !(e instanceof NgsiLdException), e -> notAvailable(url, e));
    }

    private ContextDocument parse(Download download, ContextDocument previous) {
        JsonNode body;
        try {
            body = json.readTree(download.body());
        } catch (JacksonException e) {
            throw new InvalidContextException("it is not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (body == null || !body.isObject() || !body.has("@context")) {
            throw new InvalidContextException("it is not a JSON-LD @context document (a JSON object with an \"@context\" member)");
        }
        ContextReferences references = ContextReferences.of(body.get("@context"), download.finalUrl());
        JsonStructure jsonLd = ContextProcessor.parse(download.body());
        long now = System.currentTimeMillis();
        return new ContextDocument(download.url(), download.finalUrl(),
                previous != null ? previous.localId : CanonicalJson.digest(download.url()), ContextKind.Cached, body, jsonLd,
                references, previous != null ? previous.createdAt : Instant.ofEpochMilli(now),
                previous != null ? previous.usage : new ContextUsage(), null, now + properties.cacheTtl().toMillis());
    }

    private NgsiLdException notAvailable(String url, Throwable error) {
        if (error instanceof NgsiLdException e) {
            return e;
        }
        if (error instanceof FetchException) {
            return new LdContextNotAvailableException("The @context " + url + " could not be retrieved: " + error.getMessage(), error);
        }
        if (error instanceof InvalidContextException) {
            // the document arrived but is no @context: the request named a wrong URL (ETSI 556_01)
            return new BadRequestDataException("The @context " + url + " cannot be used: " + error.getMessage());
        }
        return new LdContextNotAvailableException("The @context " + url + " could not be retrieved: " + error, error);
    }

    /** A hosted or implicitly created document by local id; empty if there is none. */
    Mono<ContextDocument> storedDocument(String id) {
        ContextDocument document = stored.get(id);
        if (document != null && document.isFresh(System.currentTimeMillis())) {
            return Mono.just(document);
        }
        if (store == null) {
            return Mono.justOrEmpty(document);
        }
        return store.find(id).map(this::toDocument).doOnNext(this::keepStored);
    }

    private void keepStored(ContextDocument document) {
        evictIfFull(stored, LdContextResolver::lastUsed);
        stored.put(document.localId, document);
    }

    ContextDocument toDocument(StoredContext context) {
        String url = contextUrl(context.id());
        ObjectNode body = json.createObjectNode();
        body.set("@context", json.readTree(context.context()));
        return new ContextDocument(url, url, context.id(), context.kind(), body, (JsonStructure) ContextProcessor.toJsonLd(body, json),
                ContextReferences.of(body.get("@context"), url), context.createdAt(),
                storedUsage.computeIfAbsent(context.id(), id -> new ContextUsage()), context.tenant(),
                System.currentTimeMillis() + properties.cacheTtl().toMillis());
    }

    private Mono<Void> registerImplicit(String id, JsonNode contextValue) {
        StoredContext context = new StoredContext(id, ContextKind.ImplicitlyCreated, null,
                CanonicalJson.write(contextValue, json), Instant.now());
        keepStored(toDocument(context));
        if (store == null) {
            return Mono.empty();
        }
        return store.insertIfAbsent(context).onErrorResume(e -> {
            log.warn("The implicitly created @context {} could not be stored; it is served from memory: {}", id, e.toString());
            return Mono.empty();
        });
    }

    // ------------------------------------------------------------------ for the /jsonldContexts API

    JsonMapper json() {
        return json;
    }

    JsonldContextStore store() {
        return store;
    }

    ContextDocument coreDocument() {
        return coreDocument;
    }

    /** Downloaded documents (stale ones still in use included). */
    Collection<ContextDocument> cachedDocuments() {
        return cached.values();
    }

    ContextDocument cachedDocument(String urlOrLocalId, boolean byLocalIdToo) {
        ContextDocument document = cached.get(urlOrLocalId);
        if (document == null && byLocalIdToo) {
            for (ContextDocument candidate : cached.values()) {
                if (candidate.localId.equals(urlOrLocalId)) {
                    return candidate;
                }
            }
        }
        return document;
    }

    /** Validates a @context value the way a request's @context is resolved (downloads included), without caching it. */
    Mono<Void> validate(JsonNode contextValue) {
        return Mono.defer(() -> {
            List<JsonNode> userItems = userItems(contextValue);
            if (userItems.isEmpty()) {
                return Mono.empty();
            }
            return build(userItems, contextValue, null, null).then();
        });
    }

    ContextUsage storedUsage(String id) {
        return storedUsage.computeIfAbsent(id, key -> new ContextUsage());
    }

    /** Implicitly created @contexts known to this instance (for listing without a store). */
    Collection<ContextDocument> storedDocuments() {
        return stored.values();
    }

    void registerStored(StoredContext context) {
        keepStored(toDocument(context));
    }

    /** Forgets a hosted or implicit @context and every resolved @context built on it. */
    void forgetStored(String id) {
        stored.remove(id);
        storedUsage.remove(id);
        invalidate(contextUrl(id));
    }

    /** Drops a downloaded document and every resolved @context built on it. */
    boolean forgetCached(String url) {
        boolean removed = cached.remove(url) != null;
        invalidate(url);
        return removed;
    }

    /**
     * Downloads a cached @context again (Delete @context with reload, 5.13.5) and replaces it if
     * the new copy is valid; otherwise LdContextNotAvailable, and the old copy stays.
     */
    Mono<Void> reload(ContextDocument old) {
        return fetcher.fetch(old.url)
                .publishOn(Schedulers.boundedElastic())
                .map(download -> parse(download, old))
                .flatMap(fresh -> gather(fresh.references.required())
                        .publishOn(Schedulers.boundedElastic())
                        .map(documents -> {
                            Map<String, ContextDocument> all = new LinkedHashMap<>(documents);
                            all.put(fresh.url, fresh);
                            ArrayNode items = json.createArrayNode().add(fresh.url);
                            process(items, all, ContextReferences.of(items, null));
                            return fresh;
                        }))
                .onErrorMap(e -> new LdContextNotAvailableException("Reloading the @context " + old.url + " failed; the cached copy is kept: "
                        + (e instanceof NgsiLdException n ? n.detail() : notAvailable(old.url, e).detail()), e))
                .doOnNext(fresh -> {
                    cached.put(fresh.url, fresh);
                    invalidate(fresh.url);
                })
                .then();
    }

    private void invalidate(String url) {
        resolved.values().removeIf(ctx -> ctx.dependencies().contains(url));
    }

    /** The absolute URL of a hosted or implicitly created @context. */
    public String contextUrl(String localId) {
        return publicBaseUrl + CONTEXTS_PATH + "/" + localId;
    }

    /** The local id if the URL names a @context stored by this broker, else null. */
    String ownContextId(String url) {
        String prefix = publicBaseUrl + CONTEXTS_PATH + "/";
        if (!url.startsWith(prefix) || url.length() == prefix.length()) {
            return null;
        }
        String id = url.substring(prefix.length());
        if (id.indexOf('/') >= 0 || id.indexOf('?') >= 0 || id.indexOf('#') >= 0) {
            return null;
        }
        return URLDecoder.decode(id, StandardCharsets.UTF_8);
    }

    String publicBaseUrl() {
        return publicBaseUrl;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (properties.publicBaseUrl() == null && event.getApplicationContext().getServerNamespace() == null) {
            publicBaseUrl = "http://localhost:" + event.getWebServer().getPort();
        }
    }

    @Override
    public void destroy() {
        fetcher.close();
    }

    // ------------------------------------------------------------------ helpers

    private static long lastUsed(ContextDocument document) {
        Instant last = document.usage.lastUsage();
        return last != null ? last.toEpochMilli() : document.createdAt.toEpochMilli();
    }

    /** Shares one in-flight Mono per key among concurrent callers; the next caller after it ends starts afresh. */
    private static <K, V> Mono<V> coalesce(ConcurrentHashMap<K, Mono<V>> inFlight, K key, Supplier<Mono<V>> work) {
        return Mono.defer(() -> {
            AtomicReference<Mono<V>> created = new AtomicReference<>();
            Mono<V> shared = inFlight.computeIfAbsent(key, k -> {
                // removed before the result goes out (doOnTerminate, not doFinally), so a caller that
                // invalidates right after a resolution never meets the finished attempt again
                Mono<V> mono = Mono.defer(work)
                        .doOnTerminate(() -> inFlight.remove(k, created.get()))
                        .doOnCancel(() -> inFlight.remove(k, created.get()))
                        .cache();
                created.set(mono);
                return mono;
            });
            return shared;
        });
    }

    private <K, V> void evictIfFull(ConcurrentHashMap<K, V> map, ToLongFunction<V> lastUsed) {
        int max = properties.maxCachedContexts();
        while (map.size() >= max) {
            K oldest = null;
            long oldestUse = Long.MAX_VALUE;
            for (Map.Entry<K, V> entry : map.entrySet()) {
                long use = lastUsed.applyAsLong(entry.getValue());
                if (use < oldestUse) {
                    oldestUse = use;
                    oldest = entry.getKey();
                }
            }
            if (oldest == null || map.remove(oldest) == null) {
                return;
            }
        }
    }

    private static byte[] readResource(String name) {
        try (InputStream in = LdContextResolver.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Resource " + name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
