package city.tsunagu.adapters.provisioning.web;

import city.tsunagu.adapters.provisioning.ConfigGroup;
import city.tsunagu.adapters.provisioning.IotAgentException;
import city.tsunagu.adapters.provisioning.ProvisioningJson;
import city.tsunagu.adapters.provisioning.ProvisioningStore;
import city.tsunagu.adapters.provisioning.Registry;
import city.tsunagu.adapters.provisioning.ServiceScope;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The config group API of the IoT Agents, at {@code /iot/groups} and at its older name
 * {@code /iot/services}, whose bodies say {@code services} where the new ones say {@code groups}.
 */
@RestController
public class GroupHandler {
    private final ProvisioningJson json;
    private final ProvisioningStore store;
    private final Registry registry;

    public GroupHandler(ProvisioningJson json, ProvisioningStore store, Registry registry) {
        this.json = json;
        this.store = store;
        this.registry = registry;
    }

    /** Retrieve config groups of the service (all service paths with {@code /*}). */
    @GetMapping({"/iot/groups", "/iot/services"})
    public Mono<ResponseEntity<ObjectNode>> retrieveGroups(ServerHttpRequest request) {
        ServiceScope scope = ServiceScope.forListing(header(request, ServiceScope.SERVICE_HEADER),
                header(request, ServiceScope.SERVICE_PATH_HEADER));
        int offset = Requests.offset(request.getQueryParams());
        int limit = Requests.limit(request.getQueryParams());
        return Mono.zip(store.countGroups(scope), store.groups(scope, offset, limit).map(ConfigGroup::json).collectList())
                .map(countAndGroups -> {
                    ObjectNode body = JsonNodeFactory.instance.objectNode();
                    body.put("count", countAndGroups.getT1());
                    body.putArray(member(request)).addAll(countAndGroups.getT2());
                    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
                });
    }

    /** Create config groups: all of them, or none when one is invalid or taken. */
    @PostMapping({"/iot/groups", "/iot/services"})
    public Mono<ResponseEntity<Void>> createGroups(ServerHttpRequest request, @RequestBody(required = false) byte[] body) {
        ServiceScope scope = scope(request);
        JsonNode document = Requests.body(request, body);
        List<ConfigGroup> groups = json.items(document, member(request)).stream()
                .map(item -> json.group(scope, item))
                .toList();
        return store.insertGroups(groups).then(Mono.fromSupplier(() -> ResponseEntity.status(HttpStatus.CREATED).build()));
    }

    /** Modify the config group given by {@code resource} and {@code apikey}: the fields sent replace those stored. */
    @PutMapping({"/iot/groups", "/iot/services"})
    public Mono<ResponseEntity<Void>> modifyGroup(ServerHttpRequest request, @RequestBody(required = false) byte[] body) {
        ServiceScope scope = scope(request);
        List<String> selector = Requests.groupSelector(request.getQueryParams());
        ObjectNode changes = Requests.object(Requests.body(request, body));
        return store.group(scope, selector.get(0), selector.get(1))
                .switchIfEmpty(Mono.error(() -> IotAgentException.groupNotFound(selector.get(0), selector.get(1))))
                .flatMap(current -> {
                    ObjectNode merged = current.json().deepCopy();
                    merged.setAll(changes);
                    return store.replaceGroup(scope, selector.get(0), selector.get(1), json.group(scope, merged));
                })
                .doOnNext(changed -> registry.forgetGroups())
                .thenReturn(ResponseEntity.noContent().build());
    }

    /** Remove the config group given by {@code resource} and {@code apikey}. */
    @DeleteMapping({"/iot/groups", "/iot/services"})
    public Mono<ResponseEntity<Void>> removeGroup(ServerHttpRequest request) {
        ServiceScope scope = scope(request);
        List<String> selector = Requests.groupSelector(request.getQueryParams());
        return store.deleteGroup(scope, selector.get(0), selector.get(1))
                .flatMap(deleted -> deleted
                        ? Mono.fromSupplier(() -> {
                            registry.forgetGroups();
                            return ResponseEntity.noContent().<Void>build();
                        })
                        : Mono.error(IotAgentException.groupNotFound(selector.get(0), selector.get(1))));
    }

    private static String member(ServerHttpRequest request) {
        return request.getPath().value().endsWith("/services") ? "services" : "groups";
    }

    static ServiceScope scope(ServerHttpRequest request) {
        return ServiceScope.of(header(request, ServiceScope.SERVICE_HEADER), header(request, ServiceScope.SERVICE_PATH_HEADER));
    }

    static String header(ServerHttpRequest request, String name) {
        return request.getHeaders().getFirst(name);
    }
}
