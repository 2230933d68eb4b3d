package city.tsunagu.deploy;

import city.tsunagu.broker.store.MongoConfiguration.EmbeddedStoreHolder;
import city.tsunagu.broker.store.StoreProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** What the standalone hub adds to the broker application. */
@Configuration(proxyBeanMethods = false)
class HubConfiguration {

    @Bean
    ReadyMessage readyMessage(Environment environment, StoreProperties store, ObjectProvider<HubAdapters> adapters) {
        return new ReadyMessage(environment, store, adapters.getIfAvailable());
    }

    @Bean
    @ConditionalOnProperty(name = "tsunagu.hub.adapters", havingValue = "true")
    HubAdapters hubAdapters(Environment environment, StoreProperties store, EmbeddedStoreHolder embeddedStore) {
        return new HubAdapters(environment, store, embeddedStore);
    }
}
