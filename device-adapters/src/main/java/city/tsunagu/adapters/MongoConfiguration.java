package city.tsunagu.adapters;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The MongoDB client of the provisioning registry. */
@Configuration(proxyBeanMethods = false)
class MongoConfiguration {

    @Bean(destroyMethod = "close")
    MongoClient adaptersMongoClient(AdaptersProperties properties) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(properties.mongodbUri()))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(10, TimeUnit.SECONDS))
                .applicationName("tsunagu-adapters")
                .build());
    }

    @Bean
    MongoDatabase registryDatabase(MongoClient adaptersMongoClient, AdaptersProperties properties) {
        return adaptersMongoClient.getDatabase(properties.database());
    }
}
