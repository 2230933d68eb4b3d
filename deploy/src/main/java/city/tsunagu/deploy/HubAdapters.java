package city.tsunagu.deploy;

import city.tsunagu.adapters.AdaptersApplication;
import city.tsunagu.adapters.coap.CoapSouthbound;
import city.tsunagu.adapters.simulator.CitySimulator;
import city.tsunagu.broker.store.MongoConfiguration.EmbeddedStoreHolder;
import city.tsunagu.broker.store.StoreProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;

/**
 * The device adapters inside the hub: an embedded MQTT broker on the hub's address, and the
 * adapters' own application (provisioning API, MQTT and CoAP southbound, northbound writer) in
 * this JVM.
 * They reach the broker over its HTTP port, as they would reach any NGSI-LD broker, and keep
 * their provisioning in the hub's store (a database of their own).
 *
 * <p>With {@code tsunagu.hub.demo} ({@code ./tsunagu up --demo}) the city simulator provisions
 * its devices through the provisioning API and publishes to the embedded MQTT broker.
 *
 * <p>Started after the web server (the broker's port is known then) and stopped before it, so
 * readings taken in are delivered before the broker goes.
 */
final class HubAdapters implements SmartLifecycle {
    private final Environment environment;
    private final StoreProperties store;
    private final EmbeddedStoreHolder embeddedStore;
    private EmbeddedMqttBroker mqtt;
    private ConfigurableApplicationContext adapters;
    private CitySimulator simulator;

    HubAdapters(Environment environment, StoreProperties store, EmbeddedStoreHolder embeddedStore) {
        this.environment = environment;
        this.store = store;
        this.embeddedStore = embeddedStore;
    }

    @Override
    public void start() {
        String address = environment.getProperty("server.address", "0.0.0.0");
        String bindAddress = Hosts.wildcard(address) ? "0.0.0.0" : address;
        int mqttPort = environment.getRequiredProperty("tsunagu.hub.mqtt-port", Integer.class);
        AdapterPorts.checkTcp("The hub's MQTT broker", bindAddress, mqttPort, "TSUNAGU_MQTT_PORT");
        AdapterPorts.checkTcp("The IoT-Agent provisioning API", bindAddress,
                environment.getRequiredProperty("tsunagu.hub.iota-port", Integer.class), "TSUNAGU_IOTA_PORT");
        AdapterPorts.checkUdp("The CoAP southbound", bindAddress,
                environment.getRequiredProperty("tsunagu.hub.coap-port", Integer.class), "TSUNAGU_COAP_PORT");
        mqtt = EmbeddedMqttBroker.start(bindAddress, mqttPort);
        try {
            adapters = application().run(arguments(address).toArray(String[]::new));
        } catch (RuntimeException e) {
            mqtt.close();
            mqtt = null;
            throw e;
        }
        if (environment.getRequiredProperty("tsunagu.hub.demo", Boolean.class)) {
            simulator = CitySimulator.start(new CitySimulator.Settings(mqtt.localUri(),
                    "http://" + Hosts.local(address) + ":" + provisioningPort(),
                    environment.getRequiredProperty("tsunagu.hub.demo-scale", Integer.class),
                    environment.getRequiredProperty("tsunagu.hub.demo-period", Duration.class)), Clock.systemUTC());
        }
    }

    private List<String> arguments(String address) {
        String mongodbUri = embeddedStore.store() != null ? embeddedStore.store().connectionString() : store.mongodbUri();
        List<String> args = new ArrayList<>();
        args.add("--server.port=" + environment.getRequiredProperty("tsunagu.hub.iota-port"));
        args.add("--server.address=" + address);
        args.add("--tsunagu.adapters.mongodb-uri=" + mongodbUri);
        args.add("--tsunagu.adapters.broker-url=http://" + Hosts.local(address) + ":"
                + environment.getRequiredProperty("local.server.port"));
        args.add("--tsunagu.adapters.mqtt.uri=" + mqtt.localUri());
        args.add("--tsunagu.adapters.coap.port=" + environment.getRequiredProperty("tsunagu.hub.coap-port"));
        args.add("--tsunagu.adapters.coap.address=" + (Hosts.wildcard(address) ? "0.0.0.0" : address));
        return args;
    }

    /**
     * The adapters' application, without a shutdown hook of its own (the hub closes it) and
     * without re-initialising logging, which would drop the hub's log levels.
     */
    private static SpringApplication application() {
        SpringApplication application = AdaptersApplication.builder()
                .properties("spring.main.register-shutdown-hook=false")
                .build();
        application.setMainApplicationClass(AdaptersApplication.class);
        application.setListeners(application.getListeners().stream()
                .filter(listener -> !(listener instanceof LoggingApplicationListener))
                .toList());
        return application;
    }

    @Override
    public void stop() {
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
        if (adapters != null) {
            adapters.close();
            adapters = null;
        }
        if (mqtt != null) {
            mqtt.close();
            mqtt = null;
        }
    }

    @Override
    public boolean isRunning() {
        return adapters != null;
    }

    /** After the web server has started, before its graceful shutdown. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    /** The provisioning API's port, once running. */
    int provisioningPort() {
        return Integer.parseInt(adapters.getEnvironment().getRequiredProperty("local.server.port"));
    }

    int mqttPort() {
        return mqtt.port();
    }

    /** The CoAP port (UDP), once running. */
    int coapPort() {
        return adapters.getBean(CoapSouthbound.class).port();
    }

    /** The city simulator, when the hub runs as a demo. */
    CitySimulator simulator() {
        return simulator;
    }

    /** The adapters' application context, once running. */
    ConfigurableApplicationContext context() {
        return adapters;
    }
}
