package city.tsunagu.adapters.coap;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where devices send readings over CoAP.
 *
 * @param port    UDP port, 5683 as CoAP's default; none = no CoAP southbound, 0 = any free port
 * @param address address to listen on
 */
@ConfigurationProperties("tsunagu.adapters.coap")
public record CoapProperties(
        Integer port,
        @DefaultValue("0.0.0.0") String address) {
}
