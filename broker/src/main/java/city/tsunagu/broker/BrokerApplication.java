package city.tsunagu.broker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The NGSI-LD context broker on its own; the standalone hub in module deploy embeds it. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BrokerApplication {
    public static void main(String[] args) {
        SpringApplication.run(BrokerApplication.class, args);
    }
}
