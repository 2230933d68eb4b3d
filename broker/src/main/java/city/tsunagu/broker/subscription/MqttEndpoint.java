package city.tsunagu.broker.subscription;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * An MQTT notification endpoint (ETSI GS CIM 009 v1.9.1, 7.2):
 * {@code mqtt[s]://[<username>][:<password>]@<host>[:<port>]/<topic>[/<subtopic>]*}.
 * The password is kept for connecting only: {@link #toString()} leaves it out.
 */
public record MqttEndpoint(boolean tls, String host, int port, String username, String password, String topic) {
    static final int PORT = 1883;
    static final int TLS_PORT = 8883;

    /** Parses an mqtt: or mqtts: URI; the message of the IllegalArgumentException names what to fix. */
    public static MqttEndpoint parse(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a URI: " + e.getReason());
        }
        String scheme = parsed.getScheme();
        if (!"mqtt".equals(scheme) && !"mqtts".equals(scheme)) {
            throw new IllegalArgumentException("must start with mqtt:// or mqtts://");
        }
        if (parsed.getHost() == null) {
            throw new IllegalArgumentException("needs a host: mqtt://[user:password@]host[:port]/topic");
        }
        String path = parsed.getPath();
        String topic = path == null || path.length() <= 1 ? "" : path.substring(1);
        if (topic.isEmpty()) {
            throw new IllegalArgumentException("needs a topic after the host, e.g. mqtt://" + parsed.getHost() + "/city/buses");
        }
        // wildcards are for subscribing; a PUBLISH topic may not hold them (MQTT 3.1.1, 4.7.1)
        if (topic.contains("+") || topic.contains("#")) {
            throw new IllegalArgumentException("topic '" + topic + "' holds an MQTT wildcard (+ or #); notifications need one topic");
        }
        boolean tls = scheme.equals("mqtts");
        int port = parsed.getPort() == -1 ? (tls ? TLS_PORT : PORT) : parsed.getPort();
        String username = null;
        String password = null;
        String userInfo = parsed.getUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            username = colon < 0 ? userInfo : userInfo.substring(0, colon);
            password = colon < 0 ? null : userInfo.substring(colon + 1);
        }
        return new MqttEndpoint(tls, parsed.getHost(), port, username, password, topic);
    }

    /** The server URI as Paho writes it. */
    String serverUri() {
        return (tls ? "ssl://" : "tcp://") + host + ":" + port;
    }

    /** What one connection serves: the same server and credentials, whatever the topic. */
    MqttEndpoint server() {
        return new MqttEndpoint(tls, host, port, username, password, "");
    }

    @Override
    public String toString() {
        return (tls ? "mqtts://" : "mqtt://") + (username == null ? "" : username + (password == null ? "" : ":***") + "@")
                + host + ":" + port + (topic.isEmpty() ? "" : "/" + topic);
    }
}
