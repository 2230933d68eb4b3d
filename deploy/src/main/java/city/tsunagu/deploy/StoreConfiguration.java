package city.tsunagu.deploy;

import city.tsunagu.broker.store.EmbeddedStore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The standalone store process: one embedded store, closed with the context. */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedStore embeddedStore(Environment environment) {
        String address = environment.getRequiredProperty("tsunagu.store.address");
        requireLoopback(address);
        int port = environment.getRequiredProperty("tsunagu.store.port", Integer.class);
        Path dataDir = Path.of(environment.getProperty("tsunagu.data-dir", "./data"));
        return EmbeddedStore.start(dataDir, address, port);
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> storeReadyMessage(EmbeddedStore store) {
        return event -> {
            String nl = System.lineSeparator();
            System.out.print(nl
                    + "Tsunagu store is up: " + store.connectionString() + nl
                    + "  data:   " + store.file() + nl
                    + "  use it: TSUNAGU_MONGODB_URI=" + store.connectionString() + " ./tsunagu up" + nl
                    + "  stop:   Ctrl-C" + nl
                    + nl);
            System.out.flush();
        };
    }

    /**
     * The embedded store has no authentication, so it is only offered on loopback addresses; for
     * hubs on several machines use a MongoDB replica set.
     */
    private static void requireLoopback(String address) {
        boolean loopback;
        try {
            loopback = InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            loopback = false;
        }
        if (!loopback) {
            throw new IllegalArgumentException("TSUNAGU_STORE_ADDRESS=" + address
                    + " is refused: the embedded store has no authentication and binds only to loopback addresses;"
                    + " hubs on several machines need a MongoDB server (TSUNAGU_MONGODB_URI)");
        }
    }
}
