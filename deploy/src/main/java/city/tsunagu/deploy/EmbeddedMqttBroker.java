package city.tsunagu.deploy;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's MQTT broker (Moquette, MQTT 3.1.1) that devices publish to. Anonymous, in memory:
 * readings are handed on to the adapters at once, and a device that needs its QoS 1 messages
 * kept across a hub restart uses an external broker instead.
 */
final class EmbeddedMqttBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedMqttBroker.class);

    private final Server server;
    private final String address;
    private final int port;

    private EmbeddedMqttBroker(Server server, String address, int port) {
        this.server = server;
        this.address = address;
        this.port = port;
    }

    /** Starts it on {@code address}:{@code port} (0 = a port free at the time of the call). */
    static EmbeddedMqttBroker start(String address, int requestedPort) {
        // Moquette reports the configured port, not the bound one: choose a free one for it
        int port = requestedPort == 0 ? freePort(address) : requestedPort;
        Properties config = new Properties();
        config.setProperty("host", address);
        config.setProperty("port", String.valueOf(port));
        config.setProperty("websocket_port", "disabled");
        config.setProperty("allow_anonymous", "true");
        // mosquitto_pub and other clients leave the id to the broker with a clean session
        config.setProperty("allow_zero_byte_client_id", "true");
        config.setProperty("persistence_enabled", "false");
        config.setProperty("telemetry_enabled", "false");
        Server server = new Server();
        try {
            server.startServer(new MemoryConfig(config));
        } catch (IOException e) {
            throw new UncheckedIOException("The MQTT broker could not listen on " + address + ":" + port + ": " + e.getMessage(), e);
        }
        log.info("Embedded MQTT broker listening on {}:{}", address, port);
        return new EmbeddedMqttBroker(server, address, port);
    }

    private static int freePort(String address) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for the MQTT broker on " + address, e);
        }
    }

    int port() {
        return port;
    }

    /** The broker as a client on this machine reaches it. */
    String localUri() {
        return "tcp://" + Hosts.local(address) + ":" + port();
    }

    @Override
    public void close() {
        server.stopServer();
    }
}
