package city.tsunagu.adapters.northbound;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How readings travel to the broker.
 *
 * @param connections     connections to the broker, and lanes: the readings of one entity always
 *                        take the same lane, one batch in flight per lane, so they arrive in order
 * @param batchSize       most entities in one batch upsert
 * @param batchDelay      longest a reading waits for others to share its batch
 * @param buffer          readings held while the broker is slow or away; when full, MQTT and CoAP
 *                        are pushed back
 * @param responseTimeout longest wait for the broker's answer before the batch is retried
 * @param maxBackoff      longest pause between retries while the broker is unavailable
 */
@ConfigurationProperties("tsunagu.adapters.northbound")
public record NorthboundProperties(
        @DefaultValue("4") int connections,
        @DefaultValue("200") int batchSize,
        @DefaultValue("20ms") Duration batchDelay,
        @DefaultValue("20000") int buffer,
        @DefaultValue("10s") Duration responseTimeout,
        @DefaultValue("5s") Duration maxBackoff) {
}
