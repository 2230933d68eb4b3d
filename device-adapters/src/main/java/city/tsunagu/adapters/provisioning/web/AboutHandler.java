package city.tsunagu.adapters.provisioning.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** {@code GET /iot/about}, which IoT-Agent clients use as a heartbeat. */
@RestController
public class AboutHandler {
    private final String port;

    public AboutHandler(@Value("${server.port:4041}") String port) {
        this.port = port;
    }

    @GetMapping("/iot/about")
    public ResponseEntity<ObjectNode> about() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        String version = AboutHandler.class.getPackage().getImplementationVersion();
        body.put("libVersion", "tsunagu-device-adapters");
        body.put("port", port);
        body.put("baseRoot", "/");
        body.put("version", version != null ? version : "development");
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
