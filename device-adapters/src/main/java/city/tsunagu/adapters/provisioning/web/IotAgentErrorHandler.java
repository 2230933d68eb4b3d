package city.tsunagu.adapters.provisioning.web;

import city.tsunagu.adapters.provisioning.IotAgentException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Every error of the provisioning API as {@code {"name": ..., "message": ...}}, as the IoT Agents answer. */
@RestControllerAdvice(basePackageClasses = IotAgentErrorHandler.class)
public class IotAgentErrorHandler {
    private static final Logger log = LoggerFactory.getLogger(IotAgentErrorHandler.class);

    @ExceptionHandler(IotAgentException.class)
    public ResponseEntity<ObjectNode> iotAgentError(IotAgentException e) {
        return error(e.status(), e.name(), e.getMessage());
    }

    @ExceptionHandler(ResponseStatusException.class)
    public ResponseEntity<ObjectNode> frameworkError(ResponseStatusException e) {
        String name = e.getStatusCode().is4xxClientError() ? "BAD_REQUEST" : "INTERNAL_ERROR";
        return error(e.getStatusCode(), name, e.getReason() != null ? e.getReason() : e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<ObjectNode> unexpected(Exception e) {
        log.error("Provisioning request failed", e);
        return error(HttpStatusCode.valueOf(500), "INTERNAL_ERROR", "The request failed inside the adapter; its log tells why");
    }

    private static ResponseEntity<ObjectNode> error(HttpStatusCode status, String name, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("name", name);
        body.put("message", message);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
