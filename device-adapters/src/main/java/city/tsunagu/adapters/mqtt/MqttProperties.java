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
 * @param clientId    the adapters' MQTT client id; their session is persistent (not clean), so the
 *                    MQTT broker keeps the readings of QoS 1 and 2 that arrive while the adapters are
 *                    disconnected and hands them over when they are back, under the same id. Empty
 *                    = {@code tsunagu-adapters-<host>-<random>}, kept across reconnections and given
 *                    up (unsubscribed) when the adapters stop; give each instance its own fixed id to
 *                    keep the readings across restarts too
 */
@ConfigurationProperties("tsunagu.adapters.mqtt")
public record MqttProperties(
        @DefaultValue("") String uri,
        @DefaultValue("") String sharedGroup,
        @DefaultValue("1") int qos,
        String username,
        String password,
        @DefaultValue("") String clientId) {

    /** The client id: the configured one, else a new one of this host. */
    public String effectiveClientId() {
        if (!clientId.isBlank()) {
            return clientId;
        }
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        return "tsunagu-adapters-" + host + "-" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & 0xffffffL);
    }
}
