package city.tsunagu.broker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The NGSI-LD context broker on its own; the standalone hub in module deploy embeds it. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BrokerApplication {
    /** The clock for system timestamps (createdAt, modifiedAt); tests may replace it. */
    @org.springframework.context.annotation.Bean
    java.time.Clock clock() {
        return java.time.Clock.systemUTC();
    }

    public static void main(String[] args) {
        SpringApplication.run(BrokerApplication.class, args);
    }
}
