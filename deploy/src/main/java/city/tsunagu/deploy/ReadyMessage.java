package city.tsunagu.deploy;

import city.tsunagu.broker.store.StoreProperties;
import com.mongodb.ConnectionString;
import java.io.PrintStream;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Tells the person who ran {@code ./tsunagu up} where the API is and how to try it, once the hub
 * answers requests.
 */
class ReadyMessage implements ApplicationListener<ApplicationReadyEvent> {
    private final Environment environment;
    private final StoreProperties store;
    private final PrintStream out;

    ReadyMessage(Environment environment, StoreProperties store) {
        this(environment, store, System.out);
    }

    ReadyMessage(Environment environment, StoreProperties store, PrintStream out) {
        this.environment = environment;
        this.store = store;
        this.out = out;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (event.getApplicationContext() instanceof WebServerApplicationContext web) {
            out.print(text(web.getWebServer().getPort()));
            out.flush();
        }
    }

    String text(int port) {
        String base = "http://" + host() + ":" + port;
        String api = base + "/ngsi-ld/v1";
        String storeLine = store.embedded()
                ? "embedded, data in " + store.dataDir().toAbsolutePath().normalize()
                : "MongoDB at " + String.join(",", new ConnectionString(store.mongodbUri()).getHosts());
        String nl = System.lineSeparator();
        return nl
                + "Tsunagu is up: NGSI-LD API at " + api + nl
                + "  store:  " + storeLine + nl
                + "  health: " + base + "/actuator/health" + nl
                + "  try it: curl -i -X POST " + api + "/entities -H 'Content-Type: application/json' \\" + nl
                + "            -d '{\"id\":\"urn:ngsi-ld:Vehicle:bus-1\",\"type\":\"Vehicle\",\"speed\":{\"type\":\"Property\",\"value\":32.5}}'" + nl
                + "          curl " + api + "/entities/urn:ngsi-ld:Vehicle:bus-1" + nl
                + "  stop:   Ctrl-C" + nl
                + nl;
    }

    /** The host to show: a wildcard bind address is reached as localhost. */
    private String host() {
        String address = environment.getProperty("server.address", "");
        if (address.isBlank() || address.equals("0.0.0.0") || address.equals("::") || address.equals("[::]")) {
            return "localhost";
        }
        return address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
    }
}
