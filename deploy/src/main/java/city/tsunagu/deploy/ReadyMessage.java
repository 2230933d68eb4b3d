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
    private final HubAdapters adapters;
    private final PrintStream out;

    /** {@code adapters} null when the hub runs without them. */
    ReadyMessage(Environment environment, StoreProperties store, HubAdapters adapters) {
        this(environment, store, adapters, System.out);
    }

    ReadyMessage(Environment environment, StoreProperties store, HubAdapters adapters, PrintStream out) {
        this.environment = environment;
        this.store = store;
        this.adapters = adapters;
        this.out = out;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (event.getApplicationContext() instanceof WebServerApplicationContext web) {
            out.print(text(web.getWebServer().getPort()) + adaptersText());
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

    /** The device adapters' ports, if they run. */
    String adaptersText() {
        if (adapters == null) {
            return "";
        }
        return adaptersText(adapters.provisioningPort(), adapters.mqttPort(), adapters.coapPort(), adapters.simulator() != null);
    }

    String adaptersText(int provisioningPort, int mqttPort, int coapPort, boolean demo) {
        String nl = System.lineSeparator();
        String text = "Device adapters (FIWARE IoT Agent JSON and UltraLight):" + nl
                + "  provisioning: http://" + host() + ":" + provisioningPort + "/iot/groups, /iot/devices" + nl
                + "  MQTT:         " + host() + ":" + mqttPort + ", topics /json/<apikey>/<device>/attrs, /ul/<apikey>/<device>/attrs" + nl
                + "  CoAP:         coap://" + host() + ":" + coapPort + "/iot/json?k=<apikey>&i=<device>, /iot/ul?... (udp)" + nl;
        if (demo) {
            String api = "http://" + host() + ":" + environment.getProperty("local.server.port", "1026") + "/ngsi-ld/v1";
            text += "Demo: a simulated Kanazawa (buses, bike-share docks, air quality) reports over MQTT; within a minute:" + nl
                    + "  curl '" + api + "/entities?type=Vehicle&options=keyValues'" + nl
                    + "  curl '" + api + "/entities?type=BikeHireDockingStation&options=keyValues'" + nl
                    + "  curl '" + api + "/entities?type=AirQualityObserved&options=keyValues'" + nl;
        }
        return text + nl;
    }

    /** The host to show: a wildcard bind address is reached as localhost. */
    private String host() {
        String address = environment.getProperty("server.address", "");
        return Hosts.wildcard(address) ? "localhost" : Hosts.local(address);
    }
}
