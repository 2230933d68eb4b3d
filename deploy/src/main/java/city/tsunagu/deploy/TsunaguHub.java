package city.tsunagu.deploy;

import city.tsunagu.broker.BrokerApplication;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The one-process standalone hub: the NGSI-LD broker with embedded defaults, so that
 * {@code ./tsunagu up} needs no external service. With no {@code TSUNAGU_MONGODB_URI} the broker
 * starts its embedded store, persisting in {@code TSUNAGU_DATA_DIR}.
 *
 * <p>The broker application is the primary source; the hub adds its own configuration
 * ({@link HubConfiguration}): the device adapters with an embedded MQTT broker
 * ({@link HubAdapters}, off with {@code TSUNAGU_ADAPTERS=false}), which talk to the broker over
 * NGSI-LD only.
 *
 * <p>Ctrl-C (SIGINT) and SIGTERM close the context through Spring's shutdown hook: the web
 * server stops taking requests and lets those in flight finish (up to
 * {@code TSUNAGU_SHUTDOWN_TIMEOUT}), then the MongoDB client and the embedded store are closed,
 * which leaves the store's data file consistent.
 */
public final class TsunaguHub {

    /** Hub defaults, below every other property source (application.yml, env, command line). */
    static final Map<String, Object> DEFAULTS = Map.ofEntries(
            Map.entry("server.shutdown", "graceful"),
            Map.entry("spring.lifecycle.timeout-per-shutdown-phase", "${TSUNAGU_SHUTDOWN_TIMEOUT:10s}"),
            Map.entry("tsunagu.hub.adapters", "${TSUNAGU_ADAPTERS:true}"),
            Map.entry("tsunagu.hub.iota-port", "${TSUNAGU_IOTA_PORT:4041}"),
            Map.entry("tsunagu.hub.mqtt-port", "${TSUNAGU_MQTT_PORT:1883}"),
            Map.entry("tsunagu.hub.coap-port", "${TSUNAGU_COAP_PORT:5683}"),
            Map.entry("tsunagu.hub.demo", "false"),
            Map.entry("tsunagu.hub.demo-scale", "${TSUNAGU_DEMO_SCALE:1}"),
            Map.entry("tsunagu.hub.demo-period", "${TSUNAGU_DEMO_PERIOD:5s}"),
            // Moquette logs every MQTT packet at INFO, Californium every endpoint it starts
            Map.entry("logging.level.io.moquette", "warn"),
            Map.entry("logging.level.org.eclipse.californium", "warn"));

    private TsunaguHub() {
    }

    public static void main(String[] args) {
        try {
            start(withDemo(args));
        } catch (RuntimeException e) {
            // Spring has reported why; end the process even if a half-started component left a thread behind.
            System.exit(1);
        }
    }

    /** {@code --demo} ({@code ./tsunagu up --demo}): the hub with the city simulator. */
    static String[] withDemo(String[] args) {
        return java.util.Arrays.stream(args)
                .map(arg -> arg.equals("--demo") ? "--tsunagu.hub.demo=true" : arg)
                .toArray(String[]::new);
    }

    /** Starts the hub; the caller owns the returned context and closes it to stop the hub. */
    public static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(BrokerApplication.class)
                .sources(HubConfiguration.class)
                .properties(DEFAULTS)
                .run(args);
    }
}
