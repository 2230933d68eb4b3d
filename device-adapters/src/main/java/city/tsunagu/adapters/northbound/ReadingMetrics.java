package city.tsunagu.adapters.northbound;

import city.tsunagu.adapters.measure.EntityUpdate;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Counters per FIWARE service ({@code ""} is the default one): readings the broker took,
 * readings rejected (with the reason: malformed, unknown apikey or device, bad value, refused
 * by the broker, ...), and deliveries retried while the broker was unavailable.
 */
@Component
public class ReadingMetrics {
    private final MeterRegistry registry;

    public ReadingMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void accepted(EntityUpdate update) {
        registry.counter("tsunagu.adapters.readings.accepted", "service", update.service()).increment();
    }

    public void retried(EntityUpdate update) {
        registry.counter("tsunagu.adapters.readings.retried", "service", update.service()).increment();
    }

    public void rejected(String service, String reason) {
        registry.counter("tsunagu.adapters.readings.rejected", "service", service, "reason", reason).increment();
    }

    public double count(String name, String service) {
        return registry.find(name).tag("service", service).counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
