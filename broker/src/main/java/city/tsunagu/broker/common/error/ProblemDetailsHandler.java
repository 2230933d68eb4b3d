package city.tsunagu.broker.common.error;

import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders every failure as RFC 7807 ProblemDetails with the NGSI-LD error type URI: our own
 * {@link NgsiLdException}s and the framework's (codecs, media types, unknown paths) alike.
 */
@Component
@Order(-2)
public class ProblemDetailsHandler implements WebExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsHandler.class);

    private final JsonMapper json;

    public ProblemDetailsHandler(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(error);
        }
        Problem problem = toProblem(error);
        if (problem.status().is5xxServerError() && problem.type() == ErrorType.INTERNAL_ERROR) {
            log.error("Request {} {} failed", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), error);
        }
        response.setStatusCode(problem.status());
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        if (error instanceof MethodNotAllowedException notAllowed) {
            response.getHeaders().setAllow(notAllowed.getSupportedMethods());
        }
        byte[] body = render(problem);
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }

    public byte[] render(Problem problem) {
        return json.writeValueAsBytes(toJson(problem));
    }

    public static ObjectNode toJson(Problem problem) {
        ObjectNode node = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        node.put("type", problem.type().uri());
        node.put("title", problem.type().title());
        node.put("status", problem.status().value());
        node.put("detail", problem.detail());
        return node;
    }

    public static Problem toProblem(Throwable error) {
        if (error instanceof NgsiLdException e) {
            return new Problem(e.type(), e.type().status(), e.detail());
        }
        if (error instanceof UnsupportedMediaTypeStatusException e) {
            return new Problem(ErrorType.UNSUPPORTED_MEDIA_TYPE, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type " + e.getContentType() + " is not supported; use application/json or application/ld+json");
        }
        if (error instanceof NotAcceptableStatusException) {
            return new Problem(ErrorType.NOT_ACCEPTABLE, HttpStatus.NOT_ACCEPTABLE,
                    "None of the media types in Accept can be produced; use application/json or application/ld+json");
        }
        if (error instanceof MethodNotAllowedException e) {
            return new Problem(ErrorType.OPERATION_NOT_SUPPORTED, HttpStatus.METHOD_NOT_ALLOWED,
                    "Method " + e.getHttpMethod() + " is not allowed here; allowed: " + e.getSupportedMethods());
        }
        Throwable root = rootCause(error);
        if (root instanceof DataBufferLimitException) {
            return new Problem(ErrorType.PAYLOAD_TOO_LARGE, HttpStatus.CONTENT_TOO_LARGE,
                    "The request body is larger than this broker accepts");
        }
        if (error instanceof ServerWebInputException e) {
            return new Problem(ErrorType.INVALID_REQUEST, HttpStatus.BAD_REQUEST, reasonOf(e));
        }
        if (error instanceof DecodingException) {
            return new Problem(ErrorType.INVALID_REQUEST, HttpStatus.BAD_REQUEST, "The request body could not be read: " + error.getMessage());
        }
        if (error instanceof ResponseStatusException e) {
            HttpStatus status = HttpStatus.resolve(e.getStatusCode().value());
            if (status == HttpStatus.NOT_FOUND) {
                return new Problem(ErrorType.RESOURCE_NOT_FOUND, status, "No resource at this path");
            }
            if (status != null && status.is4xxClientError()) {
                return new Problem(ErrorType.INVALID_REQUEST, status, reasonOf(e));
            }
        }
        return new Problem(ErrorType.INTERNAL_ERROR, HttpStatus.INTERNAL_SERVER_ERROR,
                "Internal error; the broker log has the details");
    }

    private static String reasonOf(ResponseStatusException e) {
        return e.getReason() != null ? e.getReason() : e.getMessage();
    }

    private static Throwable rootCause(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** One error as rendered: type, HTTP status and the detail telling the caller what to fix. */
    public record Problem(ErrorType type, HttpStatus status, String detail) {
        public static Problem of(NgsiLdException e) {
            return new Problem(e.type(), e.type().status(), e.detail());
        }
    }
}
