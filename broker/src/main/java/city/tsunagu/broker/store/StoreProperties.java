package city.tsunagu.broker.store;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where entities live. With no {@code mongodbUri} the broker starts the embedded store in
 * {@code dataDir}; {@code dataDir} empty of meaning only when a URI is given.
 *
 * @param mongodbUri      MongoDB connection string (env TSUNAGU_MONGODB_URI); blank = embedded store
 * @param dataDir         data directory of the embedded store (env TSUNAGU_DATA_DIR)
 * @param databasePrefix  name of the default tenant's database; other tenants get prefix-suffix
 */
@ConfigurationProperties("tsunagu")
public record StoreProperties(
        String mongodbUri,
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("tsunagu") String databasePrefix) {

    public boolean embedded() {
        return mongodbUri == null || mongodbUri.isBlank();
    }
}
