package city.tsunagu.adapters;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the device adapters (environment variables in {@code adapters.yml}).
 *
 * @param mongodbUri   MongoDB holding the provisioning registry (TSUNAGU_IOTA_MONGODB_URI)
 * @param database     database of the registry; not named like the broker's tenant databases
 *                     ({@code tsunagu}, {@code tsunagu-<tenant>}), so both can share one store
 * @param brokerUrl    base URL of the NGSI-LD broker, e.g. {@code http://127.0.0.1:1026}
 * @param registryTtl  how long a config group or device read from MongoDB is reused for readings;
 *                     changes made through another adapter instance show after at most this long
 */
@ConfigurationProperties("tsunagu.adapters")
public record AdaptersProperties(
        @DefaultValue("mongodb://127.0.0.1:27017") String mongodbUri,
        @DefaultValue("iotagent") String database,
        @DefaultValue("http://127.0.0.1:1026") String brokerUrl,
        @DefaultValue("5s") Duration registryTtl) {
}
