package city.tsunagu.adapters.provisioning.web;

import city.tsunagu.adapters.command.Commands;
import city.tsunagu.adapters.provisioning.ConfigGroup;
import city.tsunagu.adapters.provisioning.Device;
import city.tsunagu.adapters.provisioning.IotAgentException;
import city.tsunagu.adapters.provisioning.ProvisioningJson;
import city.tsunagu.adapters.provisioning.ProvisioningStore;
import city.tsunagu.adapters.provisioning.Registry;
import city.tsunagu.adapters.provisioning.ServiceScope;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The device API of the IoT Agents: {@code /iot/devices} and {@code /iot/devices/{deviceId}}. */
@RestController
public class DeviceHandler {
    private final ProvisioningJson json;
    private final ProvisioningStore store;
    private final Registry registry;
    private final Commands commands;

    public DeviceHandler(ProvisioningJson json, ProvisioningStore store, Registry registry, Commands commands) {
        this.commands = commands;
        this.json = json;
        this.store = store;
        this.registry = registry;
    }

    /** Retrieve devices of the service path (of every path with {@code /*}), paged by limit and offset. */
    @GetMapping("/iot/devices")
    public Mono<ResponseEntity<ObjectNode>> retrieveDevices(ServerHttpRequest request) {
        ServiceScope scope = ServiceScope.forListing(GroupHandler.header(request, ServiceScope.SERVICE_HEADER),
                GroupHandler.header(request, ServiceScope.SERVICE_PATH_HEADER));
        int offset = Requests.offset(request.getQueryParams());
        int limit = Requests.limit(request.getQueryParams());
        return Mono.zip(store.countDevices(scope), store.devices(scope, offset, limit).map(Device::json).collectList())
                .map(countAndDevices -> {
                    ObjectNode body = JsonNodeFactory.instance.objectNode();
                    body.put("count", countAndDevices.getT1());
                    body.putArray("devices").addAll(countAndDevices.getT2());
                    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
                });
    }

    /** Create devices: all of them, or none when one is invalid or taken. */
    @PostMapping("/iot/devices")
    public Mono<ResponseEntity<Void>> createDevices(ServerHttpRequest request, @RequestBody(required = false) byte[] body) {
        ServiceScope scope = GroupHandler.scope(request);
        return Flux.fromIterable(json.items(Requests.body(request, body), "devices"))
                .concatMap(item -> groupEntityType(item).map(type -> json.device(scope, item, type.orElse(null))))
                .collectList()
                // commands first: a device whose commands cannot be prepared is not stored
                .flatMap(devices -> Flux.fromIterable(devices).concatMap(commands::register).then(store.insertDevices(devices)))
                .then(Mono.fromSupplier(() -> ResponseEntity.status(HttpStatus.CREATED).build()));
    }

    /** Get device details. */
    @GetMapping("/iot/devices/{deviceId}")
    public Mono<ResponseEntity<ObjectNode>> retrieveDevice(ServerHttpRequest request, @PathVariable String deviceId) {
        return store.device(GroupHandler.scope(request), deviceId)
                .switchIfEmpty(Mono.error(() -> IotAgentException.deviceNotFound(deviceId)))
                .map(device -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(device.json()));
    }

    /** Modify device: the fields sent replace those stored; the device id cannot change. */
    @PutMapping("/iot/devices/{deviceId}")
    public Mono<ResponseEntity<Void>> modifyDevice(ServerHttpRequest request, @PathVariable String deviceId,
                                                   @RequestBody(required = false) byte[] body) {
        ServiceScope scope = GroupHandler.scope(request);
        ObjectNode changes = Requests.object(Requests.body(request, body));
        if (changes.has("device_id") && !deviceId.equals(changes.path("device_id").asString())) {
            throw IotAgentException.wrongSyntax("device_id cannot be changed; remove the device and provision it anew");
        }
        return store.device(scope, deviceId)
                .switchIfEmpty(Mono.error(() -> IotAgentException.deviceNotFound(deviceId)))
                .flatMap(current -> {
                    ObjectNode merged = current.json().deepCopy();
                    merged.setAll(changes);
                    if (changes.has("entity_type") && !changes.has("entity_name")) {
                        merged.remove("entity_name");
                    }
                    return store.replaceDevice(json.device(scope, merged, null));
                })
                .doOnNext(registry::forget)
                .thenReturn(ResponseEntity.noContent().build());
    }

    /** Remove device. */
    @DeleteMapping("/iot/devices/{deviceId}")
    public Mono<ResponseEntity<Void>> removeDevice(ServerHttpRequest request, @PathVariable String deviceId) {
        ServiceScope scope = GroupHandler.scope(request);
        return store.deleteDevice(scope, deviceId)
                .flatMap(deleted -> deleted
                        ? Mono.fromSupplier(() -> {
                            registry.forget(scope, deviceId);
                            return ResponseEntity.noContent().<Void>build();
                        })
                        : Mono.error(IotAgentException.deviceNotFound(deviceId)));
    }

    /** The entity type of the config group the device's apikey names, if any, for a device that names none. */
    private Mono<java.util.Optional<String>> groupEntityType(ObjectNode item) {
        if (item.hasNonNull("entity_type") || !item.path("apikey").isString()) {
            return Mono.just(java.util.Optional.empty());
        }
        return store.groupsOfApikey(item.path("apikey").asString())
                .map(ConfigGroup::entityType)
                .filter(java.util.Objects::nonNull)
                .next()
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty());
    }
}
