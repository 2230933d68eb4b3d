package city.tsunagu.adapters.mqtt;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The MQTT broker the devices publish to.
 *
 * @param uri         e.g. {@code tcp://127.0.0.1:1883}; empty = no MQTT southbound
 * @param sharedGroup with a name, topics are subscribed as shared subscriptions
 *                    ({@code $share/<name>/...}), so adapter instances of one group split the
 *                    readings; the MQTT broker must support them (Mosquitto 2, EMQX, HiveMQ do, for
 *                    MQTT 3.1.1 clients too; the embedded Moquette 0.17 does not)
 * @param qos         QoS of the subscriptions
 */
@ConfigurationProperties("tsunagu.adapters.mqtt")
public record MqttProperties(
        @DefaultValue("") String uri,
        @DefaultValue("") String sharedGroup,
        @DefaultValue("1") int qos,
        String username,
        String password) {
}
