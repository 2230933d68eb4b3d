package city.tsunagu.adapters.provisioning;

import city.tsunagu.adapters.AdaptersProperties;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The config groups and devices that readings need, read from the store and kept for a short
 * time ({@link AdaptersProperties#registryTtl()}), so that a busy device costs no database
 * round trip per reading. Changes made through this instance's API take effect at once; those
 * made through another instance within the time to live.
 */
@Component
public class Registry {
    private record Cached<T>(T value, long expiresAt) {
    }

    private final ProvisioningStore store;
    private final Clock clock;
    private final long ttlMillis;
    private final Map<String, Cached<ConfigGroup>> groups = new ConcurrentHashMap<>();
    private final Map<String, Cached<Device>> devices = new ConcurrentHashMap<>();

    public Registry(ProvisioningStore store, Clock clock, AdaptersProperties properties) {
        this.store = store;
        this.clock = clock;
        this.ttlMillis = properties.registryTtl().toMillis();
    }

    /** The config group of an apikey: the one for {@code resource} if there is one, else the oldest. */
    public Mono<ConfigGroup> group(String apikey, String resource) {
        String key = apikey + "\u0000" + resource;
        Cached<ConfigGroup> cached = groups.get(key);
        if (cached != null && cached.expiresAt() > clock.millis()) {
            return Mono.just(cached.value());
        }
        return store.groupsOfApikey(apikey).collectList()
                .flatMap(list -> Mono.justOrEmpty(list.stream().filter(g -> g.resource().equals(resource)).findFirst()
                        .orElse(list.isEmpty() ? null : list.get(0))))
                .doOnNext(group -> groups.put(key, new Cached<>(group, clock.millis() + ttlMillis)));
    }

    public Mono<Device> device(ServiceScope scope, String deviceId) {
        String key = deviceKey(scope, deviceId);
        Cached<Device> cached = devices.get(key);
        if (cached != null && cached.expiresAt() > clock.millis()) {
            return Mono.just(cached.value());
        }
        return store.device(scope, deviceId)
                .doOnNext(device -> remember(device));
    }

    public void remember(Device device) {
        devices.put(deviceKey(device.scope(), device.deviceId()), new Cached<>(device, clock.millis() + ttlMillis));
    }

    public void forget(Device device) {
        forget(device.scope(), device.deviceId());
    }

    public void forget(ServiceScope scope, String deviceId) {
        devices.remove(deviceKey(scope, deviceId));
    }

    public void forgetGroups() {
        groups.clear();
    }

    private static String deviceKey(ServiceScope scope, String deviceId) {
        return scope.service() + "\u0000" + scope.subservice() + "\u0000" + deviceId;
    }
}
