package city.tsunagu.deploy;

import city.tsunagu.broker.store.StoreProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** What the standalone hub adds to the broker application. */
@Configuration(proxyBeanMethods = false)
class HubConfiguration {

    @Bean
    ReadyMessage readyMessage(Environment environment, StoreProperties store) {
        return new ReadyMessage(environment, store);
    }
}
