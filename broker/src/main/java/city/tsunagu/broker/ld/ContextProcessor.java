package city.tsunagu.broker.ld;

import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.JsonLdErrorCode;
import com.apicatalog.jsonld.JsonLdOptions;
import com.apicatalog.jsonld.context.ActiveContext;
import com.apicatalog.jsonld.document.Document;
import com.apicatalog.jsonld.document.JsonDocument;
import com.apicatalog.jsonld.http.media.MediaType;
import com.apicatalog.jsonld.loader.DocumentLoader;
import com.apicatalog.jsonld.loader.DocumentLoaderOptions;
import com.apicatalog.jsonld.processor.ProcessingRuntime;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs Titanium's JSON-LD context processing (the full algorithm, once per @context) with a
 * document loader that serves only documents downloaded beforehand, so Titanium never does I/O.
 * Blocking-free but CPU-heavy: callers run it on a worker scheduler, never on the event loop.
 */
final class ContextProcessor {
    /** Looked up once: {@code Json.createReader} would search the service providers on every call. */
    static final JsonProvider JSON = JsonProvider.provider();

    private static final JsonStructure EMPTY_CONTEXT = JSON.createObjectBuilder()
            .add("@context", JSON.createObjectBuilder()).build();

    private final JsonStructure core;

    /** @param core the bundled core context document ({"@context": {...}}) */
    ContextProcessor(JsonStructure core) {
        this.core = core;
    }

    /**
     * Processes a local @context value into an active context.
     *
     * @param documents   downloaded or stored documents by URL, for every required reference
     * @param stubs       URLs referenced only by scoped contexts, served as empty contexts
     * @param coreAsEmpty serve core context URLs as empty contexts (the core is merged in afterwards)
     */
    ActiveContext process(JsonValue context, Map<String, ContextDocument> documents, Set<String> stubs,
                          boolean coreAsEmpty) throws JsonLdError {
        Loader loader = new Loader(documents, stubs, coreAsEmpty);
        JsonLdOptions options = new JsonLdOptions(loader);
        ActiveContext empty = new ActiveContext(null, null, ProcessingRuntime.of(options));
        return empty.newContext().create(context, null);
    }

    /** Whether processing failed because a user @context redefines a protected core term. */
    static boolean isProtectedTermRedefinition(JsonLdError error) {
        return error.getCode() == JsonLdErrorCode.PROTECTED_TERM_REDEFINITION;
    }

    /** The error in words: Titanium's message, and the message of the innermost cause if it adds one. */
    static String describe(JsonLdError error) {
        String message = error.getMessage() != null ? error.getMessage() : error.getCode().toMessage();
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause != error && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message = message + " (" + cause.getMessage() + ")";
        }
        return message;
    }

    static JsonStructure parse(byte[] json) {
        try (var reader = JSON.createReader(new ByteArrayInputStream(json))) {
            return reader.read();
        } catch (JsonParsingException e) {
            throw new InvalidContextException("it is not valid JSON (" + e.getMessage() + ")", e);
        }
    }

    static JsonValue toJsonLd(JsonNode node, JsonMapper json) {
        try (var reader = JSON.createReader(new StringReader(json.writeValueAsString(node)))) {
            return reader.readValue();
        }
    }

    private final class Loader implements DocumentLoader {
        private final Map<String, ContextDocument> documents;
        private final Set<String> stubs;
        private final boolean coreAsEmpty;

        Loader(Map<String, ContextDocument> documents, Set<String> stubs, boolean coreAsEmpty) {
            this.documents = documents;
            this.stubs = stubs;
            this.coreAsEmpty = coreAsEmpty;
        }

        @Override
        public Document loadDocument(URI url, DocumentLoaderOptions options) throws JsonLdError {
            String key = url.toString();
            if (CoreContext.isCoreUrl(key)) {
                return document(coreAsEmpty ? EMPTY_CONTEXT : core, CoreContext.URL);
            }
            ContextDocument document = documents.get(key);
            if (document != null) {
                return document(document.jsonLd, document.finalUrl);
            }
            if (stubs.contains(key)) {
                return document(EMPTY_CONTEXT, key);
            }
            throw new JsonLdError(JsonLdErrorCode.LOADING_REMOTE_CONTEXT_FAILED,
                    "@context " + key + " was not downloaded before processing");
        }

        private Document document(JsonStructure content, String documentUrl) {
            JsonDocument document = JsonDocument.of(MediaType.JSON_LD, content);
            document.setDocumentUrl(URI.create(documentUrl));
            return document;
        }
    }
}
