package city.tsunagu.adapters.command;

import city.tsunagu.adapters.AdaptersProperties;
import city.tsunagu.adapters.measure.EntityUpdate;
import city.tsunagu.adapters.mqtt.MqttSouthbound;
import city.tsunagu.adapters.northbound.NorthboundWriter;
import city.tsunagu.adapters.northbound.ReadingMetrics;
import city.tsunagu.adapters.provisioning.Device;
import city.tsunagu.adapters.provisioning.ProvisioningStore;
import city.tsunagu.adapters.provisioning.Registry;
import city.tsunagu.adapters.provisioning.ServiceScope;
import io.netty.buffer.Unpooled;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Device commands as the FIWARE IoT Agents do them, through the broker's public API only. A
 * device provisioned with {@code commands} gets, on its entity, one attribute per command and
 * its {@code <cmd>_status} and {@code <cmd>_info}; a subscription on the broker watches the
 * command attributes and notifies these adapters. A command written to the entity (any NGSI-LD
 * update of that attribute) is published to the device on {@code /{apikey}/{deviceId}/cmd} as
 * {@code {"<cmd>": value}}; its status goes PENDING, then DELIVERED once the MQTT broker took it,
 * then OK with the device's answer ({@code {"<cmd>": result}} on {@code /json/{apikey}/{deviceId}/cmdexe})
 * in {@code <cmd>_info}, or EXPIRED when no answer came in time, or ERROR when it could not be
 * published. The adapters' own status writes do not touch the command attributes, so they never
 * trigger a command again.
 */
@Component
public class Commands implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(Commands.class);
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    /** A delivered command waiting for the device's answer. */
    private record Pending(EntityUpdate target, String command, Instant deadline) {
    }

    private final CommandProperties properties;
    private final NorthboundWriter writer;
    private final Registry registry;
    private final ProvisioningStore store;
    private final ReadingMetrics metrics;
    private final ObjectProvider<MqttSouthbound> mqtt;
    private final Environment environment;
    private final Clock clock;
    private final HttpClient http;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private volatile Disposable expiry;

    public Commands(AdaptersProperties adapters, CommandProperties properties, NorthboundWriter writer, Registry registry,
                    ProvisioningStore store, ReadingMetrics metrics, ObjectProvider<MqttSouthbound> mqtt, Environment environment, Clock clock) {
        this.properties = properties;
        this.writer = writer;
        this.registry = registry;
        this.store = store;
        this.metrics = metrics;
        this.mqtt = mqtt;
        this.environment = environment;
        this.clock = clock;
        this.http = HttpClient.create().baseUrl(adapters.brokerUrl()).responseTimeout(WRITE_TIMEOUT);
    }

    /**
     * Prepares a device's commands: its entity gets the command attributes (empty), and the broker
     * a subscription to them (the same id for the same entity: provisioning again changes nothing).
     */
    public Mono<Void> register(Device device) {
        if (device.commands().isEmpty()) {
            return Mono.empty();
        }
        ObjectNode attributes = JsonNodeFactory.instance.objectNode();
        for (String command : device.commands()) {
            attributes.set(command, property(""));
            attributes.set(command + "_status", property("UNKNOWN"));
            attributes.set(command + "_info", property(""));
        }
        EntityUpdate initial = new EntityUpdate(device.scope().tenant(), device.entityName(), device.entityType(), attributes,
                device.scope().service(), device.deviceId());
        return Mono.fromCallable(() -> writer.put(initial, WRITE_TIMEOUT)).subscribeOn(Schedulers.boundedElastic())
                .flatMap(taken -> taken ? subscribe(device)
                        : Mono.error(new IllegalStateException("the buffer towards the broker is full")));
    }

    private Mono<Void> subscribe(Device device) {
        ObjectNode subscription = JsonNodeFactory.instance.objectNode();
        subscription.put("id", "urn:ngsi-ld:Subscription:tsunagu-commands:" + device.entityName());
        subscription.put("type", "Subscription");
        subscription.putArray("entities").addObject().put("id", device.entityName()).put("type", device.entityType());
        subscription.putArray("watchedAttributes").addAll(device.commands().stream().map(JsonNodeFactory.instance::stringNode).toList());
        ObjectNode notification = subscription.putObject("notification");
        notification.putArray("attributes").addAll(device.commands().stream().map(JsonNodeFactory.instance::stringNode).toList());
        notification.put("format", "normalized");
        notification.putObject("endpoint").put("uri", notifyUri(device)).put("accept", "application/json");
        byte[] body = JSON.writeValueAsBytes(subscription);
        String tenant = device.scope().tenant();
        return http.headers(h -> {
                    h.set("Content-Type", "application/json");
                    if (tenant != null) {
                        h.set("NGSILD-Tenant", tenant);
                    }
                })
                .post().uri("/ngsi-ld/v1/subscriptions")
                .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)))
                .responseSingle((response, content) -> content.asString().defaultIfEmpty("").flatMap(answer -> {
                    int status = response.status().code();
                    // 409: the device was provisioned before, and its subscription is there
                    return status == 201 || status == 409 ? Mono.<Void>empty()
                            : Mono.error(new IllegalStateException("the broker refused the commands' subscription: HTTP " + status + " " + answer));
                }));
    }

    private String notifyUri(Device device) {
        String base = properties.notifyUrl().isBlank()
                ? "http://127.0.0.1:" + environment.getRequiredProperty("local.server.port") : properties.notifyUrl();
        return base + "/iot/commands?service=" + encode(device.scope().service()) + "&subservice=" + encode(device.scope().subservice())
                + "&device=" + encode(device.deviceId());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A notification of the broker: the command attributes of one device's entity, written by someone. */
    public Mono<Void> notified(ServiceScope scope, String deviceId, JsonNode notification) {
        return registry.device(scope, deviceId)
                .switchIfEmpty(Mono.error(() -> new IllegalArgumentException("device " + deviceId + " is not provisioned")))
                .flatMapMany(device -> Flux.fromIterable(notification.path("data"))
                        .filter(entity -> device.entityName().equals(entity.path("id").asString()))
                        .flatMapIterable(entity -> device.commands().stream()
                                .filter(command -> isGiven(entity.path(command)))
                                .map(command -> Map.entry(command, entity.path(command).path("value")))
                                .toList())
                        .concatMap(command -> execute(device, command.getKey(), command.getValue())))
                .then();
    }

    /** A command with no value (as provisioned) or an empty one is not sent. */
    private static boolean isGiven(JsonNode attribute) {
        JsonNode value = attribute.path("value");
        return !attribute.isMissingNode() && !value.isMissingNode() && !value.isNull() && !(value.isString() && value.asString().isEmpty());
    }

    private Mono<Void> execute(Device device, String command, JsonNode value) {
        EntityUpdate target = new EntityUpdate(device.scope().tenant(), device.entityName(), device.entityType(),
                JsonNodeFactory.instance.objectNode(), device.scope().service(), device.deviceId());
        ObjectNode payload = JsonNodeFactory.instance.objectNode().set(command, value);
        String topic = "/" + device.apikey() + "/" + device.deviceId() + "/cmd";
        return status(target, command, "PENDING", null)
                .then(Mono.fromCallable(() -> {
                    MqttSouthbound southbound = mqtt.getIfAvailable();
                    if (southbound == null) {
                        throw new IllegalStateException("no MQTT broker is configured");
                    }
                    southbound.publish(topic, JSON.writeValueAsBytes(payload));
                    return true;
                }).subscribeOn(Schedulers.boundedElastic()))
                .flatMap(published -> {
                    pending.put(key(target, command), new Pending(target, command, clock.instant().plus(properties.timeout())));
                    return status(target, command, "DELIVERED", null);
                })
                .onErrorResume(e -> {
                    log.warn("Command {} of device {} could not be published: {}", command, device.deviceId(), e.getMessage());
                    metrics.rejected(device.scope().service(), "command-not-published");
                    return status(target, command, "ERROR", JsonNodeFactory.instance.stringNode(String.valueOf(e.getMessage())));
                });
    }

    /** The device's answer on its cmdexe topic: {@code {"<cmd>": result, ...}}. */
    public Mono<Void> answered(String apikey, String deviceId, byte[] payload) {
        JsonNode answer;
        try {
            answer = JSON.readTree(payload);
        } catch (RuntimeException e) {
            answer = null;
        }
        if (answer == null || !answer.isObject()) {
            log.warn("Ignored the command answer of device {} (apikey {}): not a JSON object", deviceId, apikey);
            metrics.rejected("", "command-answer-unreadable");
            return Mono.empty();
        }
        JsonNode results = answer;
        return registry.group(apikey, "")
                .flatMap(group -> registry.device(group.scope(), deviceId))
                .switchIfEmpty(Mono.defer(() -> store.deviceOfApikey(apikey, deviceId)))
                .switchIfEmpty(Mono.defer(() -> {
                    log.warn("Ignored a command answer of device {} (apikey {}): the device is not provisioned", deviceId, apikey);
                    metrics.rejected("", "command-answer-unknown-device");
                    return Mono.empty();
                }))
                .flatMapMany(device -> Flux.fromIterable(results.properties()).concatMap(result -> {
                    String command = result.getKey();
                    if (!device.commands().contains(command)) {
                        log.warn("Ignored the answer of device {} to command {}: it has no such command", deviceId, command);
                        metrics.rejected(device.scope().service(), "unknown-command");
                        return Mono.empty();
                    }
                    EntityUpdate target = new EntityUpdate(device.scope().tenant(), device.entityName(), device.entityType(),
                            JsonNodeFactory.instance.objectNode(), device.scope().service(), device.deviceId());
                    pending.remove(key(target, command));
                    return status(target, command, "OK", result.getValue());
                }))
                .then();
    }

    private Mono<Void> status(EntityUpdate target, String command, String status, JsonNode info) {
        ObjectNode attributes = JsonNodeFactory.instance.objectNode();
        attributes.set(command + "_status", property(status));
        if (info != null) {
            attributes.set(command + "_info", JsonNodeFactory.instance.objectNode().put("type", "Property").set("value", info));
        }
        EntityUpdate update = new EntityUpdate(target.tenant(), target.entityId(), target.entityType(), attributes, target.service(),
                target.source());
        return Mono.fromCallable(() -> writer.put(update, WRITE_TIMEOUT)).subscribeOn(Schedulers.boundedElastic())
                .flatMap(taken -> taken ? Mono.<Void>empty()
                        : Mono.error(new IllegalStateException("the buffer towards the broker is full")));
    }

    private static String key(EntityUpdate target, String command) {
        return target.tenant() + "\u0000" + target.entityId() + "\u0000" + command;
    }

    private static ObjectNode property(String value) {
        return JsonNodeFactory.instance.objectNode().put("type", "Property").put("value", value);
    }

    /** Marks the delivered commands whose answer is overdue EXPIRED. */
    void expire() {
        Instant now = clock.instant();
        for (Pending command : List.copyOf(pending.values())) {
            if (command.deadline().isBefore(now) && pending.remove(key(command.target(), command.command()), command)) {
                status(command.target(), command.command(), "EXPIRED", null)
                        .onErrorResume(e -> {
                            log.warn("Could not mark command {} of {} EXPIRED: {}", command.command(), command.target().entityId(), e.getMessage());
                            return Mono.empty();
                        })
                        .subscribe();
            }
        }
    }

    @Override
    public void start() {
        expiry = Flux.interval(Duration.ofSeconds(1)).subscribe(tick -> expire());
    }

    @Override
    public void stop() {
        if (expiry != null) {
            expiry.dispose();
            expiry = null;
        }
    }

    @Override
    public boolean isRunning() {
        return expiry != null;
    }
}
