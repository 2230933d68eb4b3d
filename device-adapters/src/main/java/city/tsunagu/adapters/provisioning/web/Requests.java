package city.tsunagu.adapters.provisioning.web;

import city.tsunagu.adapters.provisioning.IotAgentException;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.MultiValueMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** What every provisioning handler reads from a request: the JSON body, paging, query parameters. */
final class Requests {
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 1000;
    private static final JsonMapper JSON = JsonMapper.shared();

    private Requests() {
    }

    static JsonNode body(ServerHttpRequest request, byte[] body) {
        MediaType type = request.getHeaders().getContentType();
        if (type == null || !(MediaType.APPLICATION_JSON.isCompatibleWith(type) || type.getSubtype().endsWith("+json"))) {
            throw IotAgentException.of("UNSUPPORTED_CONTENT_TYPE", HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Unsupported content type " + type + ": send application/json");
        }
        if (body == null || body.length == 0) {
            throw IotAgentException.wrongSyntax("the body is empty");
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            throw IotAgentException.wrongSyntax("the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    static ObjectNode object(JsonNode body) {
        if (!body.isObject()) {
            throw IotAgentException.wrongSyntax("the body must be a JSON object");
        }
        return (ObjectNode) body;
    }

    static int offset(MultiValueMap<String, String> query) {
        return integer(query, "offset", 0, Integer.MAX_VALUE, 0);
    }

    static int limit(MultiValueMap<String, String> query) {
        return integer(query, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
    }

    private static int integer(MultiValueMap<String, String> query, String name, int min, int max, int otherwise) {
        String value = query.getFirst(name);
        if (value == null) {
            return otherwise;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw IotAgentException.wrongSyntax("'" + name + "' must be an integer from " + min + " to " + max + ", not '" + value + "'");
    }

    /** The parameters that select one config group; both are required. */
    static List<String> groupSelector(MultiValueMap<String, String> query) {
        String resource = query.getFirst("resource");
        String apikey = query.getFirst("apikey");
        List<String> missing = Arrays.asList(resource == null ? "resource" : null, apikey == null ? "apikey" : null)
                .stream().filter(java.util.Objects::nonNull).toList();
        if (!missing.isEmpty()) {
            throw IotAgentException.of("MISSING_CONFIG_PARAMS", HttpStatus.BAD_REQUEST,
                    "The following mandatory query parameters were missing: " + missing);
        }
        return List.of(resource, apikey);
    }
}
