package city.tsunagu.adapters.ingest;

import city.tsunagu.adapters.expression.ExpressionException;
import city.tsunagu.adapters.expression.Expressions;
import city.tsunagu.adapters.measure.EntityUpdate;
import city.tsunagu.adapters.measure.JsonMeasures;
import city.tsunagu.adapters.measure.MeasureException;
import city.tsunagu.adapters.measure.MeasureMapper;
import city.tsunagu.adapters.measure.Reading;
import city.tsunagu.adapters.measure.UltraLight;
import city.tsunagu.adapters.northbound.ReadingMetrics;
import city.tsunagu.adapters.provisioning.ConfigGroup;
import city.tsunagu.adapters.provisioning.Device;
import city.tsunagu.adapters.provisioning.IotAgentException;
import city.tsunagu.adapters.provisioning.ProvisioningJson;
import city.tsunagu.adapters.provisioning.ProvisioningStore;
import city.tsunagu.adapters.provisioning.Registry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * From a device's message to entity updates: finds the config group of the apikey and the
 * device (provisioning it when the group allows), decodes the payload and maps each reading.
 * A message that cannot be taken is logged with the reason and counted per service; it never
 * throws into the transport.
 */
@Component
public class Ingestion {
    private static final Logger log = LoggerFactory.getLogger(Ingestion.class);

    private final Registry registry;
    private final ProvisioningStore store;
    private final ProvisioningJson provisioning;
    private final MeasureMapper mapper;
    private final Expressions expressions;
    private final ReadingMetrics metrics;
    private final Clock clock;

    public Ingestion(Registry registry, ProvisioningStore store, ProvisioningJson provisioning, Expressions expressions,
                     ReadingMetrics metrics, Clock clock) {
        this.registry = registry;
        this.store = store;
        this.provisioning = provisioning;
        this.mapper = new MeasureMapper(expressions);
        this.expressions = expressions;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The updates of the message, in the order of its readings; empty when it was rejected. */
    public Mono<List<EntityUpdate>> updates(InboundMessage message) {
        return ingest(message).map(Ingested::updates);
    }

    /** The updates of the message, or why it was rejected (logged and counted already). */
    public Mono<Ingested> ingest(InboundMessage message) {
        Instant arrival = clock.instant();
        return registry.group(message.apikey(), "")
                .switchIfEmpty(Mono.error(() -> new MeasureException("unknown-apikey",
                        "no config group has the apikey " + message.apikey())))
                .flatMap(group -> device(group, message)
                        .map(device -> Ingested.accepted(map(group, device, message, arrival)))
                        .onErrorResume(MeasureException.class, e -> reject(message, group.scope().service(), e)))
                .onErrorResume(MeasureException.class, e -> reject(message, "", e))
                .onErrorResume(e -> {
                    log.error("Reading of device {} (apikey {}) could not be processed", message.deviceId(), message.apikey(), e);
                    metrics.rejected("", "internal");
                    return Mono.just(new Ingested(List.of(), "internal", "internal error: " + e));
                });
    }

    private List<EntityUpdate> map(ConfigGroup group, Device device, InboundMessage message, Instant arrival) {
        List<Reading> readings = switch (message.format()) {
            case JSON -> message.objectId() != null
                    ? List.of(JsonMeasures.decodeSingle(message.objectId(), message.payload()))
                    : JsonMeasures.decode(message.payload());
            case ULTRALIGHT -> message.objectId() != null
                    ? List.of(new Reading(Map.of(message.objectId(), new String(message.payload(), java.nio.charset.StandardCharsets.UTF_8)), null))
                    : UltraLight.decode(message.payload());
        };
        List<EntityUpdate> updates = new ArrayList<>(readings.size());
        for (Reading reading : readings) {
            updates.add(mapper.map(group, device, reading, arrival));
        }
        return updates;
    }

    private Mono<Device> device(ConfigGroup group, InboundMessage message) {
        return registry.device(group.scope(), message.deviceId())
                .switchIfEmpty(Mono.defer(() -> autoprovision(group, message)));
    }

    /** A device the group's apikey may bring in unannounced, as the IoT Agents' autoprovision does. */
    private Mono<Device> autoprovision(ConfigGroup group, InboundMessage message) {
        if (!group.autoprovision()) {
            return Mono.error(new MeasureException("unknown-device", "device " + message.deviceId()
                    + " is not provisioned and the config group of apikey " + group.apikey() + " has autoprovision off"));
        }
        if (group.entityType() == null) {
            return Mono.error(new MeasureException("unknown-device", "device " + message.deviceId()
                    + " is not provisioned and the config group of apikey " + group.apikey() + " has no entity_type"));
        }
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("device_id", message.deviceId());
        json.put("apikey", group.apikey());
        json.put("entity_type", group.entityType());
        json.put("transport", message.transport());
        if (group.entityNameExp() != null) {
            json.put("entity_name", entityName(group, message));
        }
        Device device;
        try {
            device = provisioning.device(group.scope(), json, group.entityType());
        } catch (IotAgentException e) {
            return Mono.error(new MeasureException("unknown-device", "device " + message.deviceId()
                    + " cannot be provisioned automatically: " + e.getMessage()));
        }
        return store.insertDevices(List.of(device))
                .thenReturn(device)
                // another message or instance provisioned it first: use that one
                .onErrorResume(IotAgentException.class, e -> store.device(group.scope(), message.deviceId()))
                .doOnNext(registry::remember);
    }

    private String entityName(ConfigGroup group, InboundMessage message) {
        try {
            return String.valueOf(expressions.compile(group.entityNameExp()).evaluate(Map.of(
                    "id", message.deviceId(), "type", group.entityType(),
                    "service", group.scope().service(), "subservice", group.scope().subservice())));
        } catch (ExpressionException e) {
            throw new MeasureException("expression", "entityNameExp of the config group of apikey " + group.apikey()
                    + ": " + e.getMessage());
        }
    }

    private Mono<Ingested> reject(InboundMessage message, String service, MeasureException e) {
        log.warn("Rejected a reading of device {} (apikey {}): {}", message.deviceId(), message.apikey(), e.getMessage());
        metrics.rejected(service, e.reason());
        return Mono.just(new Ingested(List.of(), e.reason(), e.getMessage()));
    }
}
