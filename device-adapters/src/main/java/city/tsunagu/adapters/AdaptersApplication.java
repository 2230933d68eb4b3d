package city.tsunagu.adapters;

import city.tsunagu.adapters.expression.Expressions;
import java.time.Clock;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * The device adapters on their own: the IoT-Agent provisioning API, southbound MQTT and CoAP,
 * and the northbound NGSI-LD writer. They reach the broker through its public HTTP API only.
 *
 * <p>The configuration file is {@code adapters.yml} (not {@code application.yml}), so the
 * adapters can share a JVM and a classpath with the broker without taking its settings.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AdaptersApplication {
    static final Map<String, Object> DEFAULTS = Map.of("spring.config.name", "adapters");

    public static void main(String[] args) {
        start(args);
    }

    /** Starts the adapters; the caller owns the returned context and closes it to stop them. */
    public static ConfigurableApplicationContext start(String... args) {
        return builder().run(args);
    }

    /** The adapters' application with its defaults, for a process that hosts them (the standalone hub). */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(AdaptersApplication.class).properties(DEFAULTS);
    }

    @Bean
    Expressions expressions() {
        return new Expressions();
    }

    /** The clock for arrival times of readings; tests may replace it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The provisioning API's server runs on event loops of its own. Spring's default, Reactor
     * Netty's global loops, are disposed when a context closes: closing the adapters would stop
     * the broker's server too where both share a JVM (the standalone hub).
     */
    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        return factory;
    }
}
