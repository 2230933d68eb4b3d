package city.tsunagu.broker.store;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One MongoDB client for the whole broker: to the configured URI, or to the embedded store. */
@Configuration(proxyBeanMethods = false)
public class MongoConfiguration {

    /** Started only when no URI is configured; closed after the client on shutdown. */
    @Bean(destroyMethod = "close")
    EmbeddedStoreHolder embeddedStore(StoreProperties properties) {
        return new EmbeddedStoreHolder(properties.embedded() ? EmbeddedStore.start(properties.dataDir(), 0) : null);
    }

    @Bean(destroyMethod = "close")
    MongoClient mongoClient(StoreProperties properties, EmbeddedStoreHolder embedded,
                            ObjectProvider<MongoClientSettingsCustomizer> customizers) {
        String uri = embedded.store() != null ? embedded.store().connectionString() : properties.mongodbUri();
        MongoClientSettings.Builder settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(10, TimeUnit.SECONDS))
                .applicationName("tsunagu-broker");
        customizers.orderedStream().forEach(c -> c.customize(settings));
        return MongoClients.create(settings.build());
    }

    /** Hook for tests and deployments that tune the driver (pool size, timeouts). */
    public interface MongoClientSettingsCustomizer {
        void customize(MongoClientSettings.Builder settings);
    }

    /** Holds the embedded store, if any, so that its lifecycle is managed by the context. */
    public record EmbeddedStoreHolder(EmbeddedStore store) implements AutoCloseable {
        @Override
        public void close() {
            if (store != null) {
                store.close();
            }
        }
    }
}
