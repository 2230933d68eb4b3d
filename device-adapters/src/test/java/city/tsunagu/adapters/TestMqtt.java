package city.tsunagu.adapters;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Properties;

/** An embedded Moquette MQTT broker on a free loopback port, in memory. */
public final class TestMqtt implements AutoCloseable {
    private final Server server;
    private final int port;

    private TestMqtt(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    public static TestMqtt start() {
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            Properties config = new Properties();
            config.setProperty("host", "127.0.0.1");
            config.setProperty("port", String.valueOf(port));
            config.setProperty("websocket_port", "disabled");
            config.setProperty("persistence_enabled", "false");
            config.setProperty("telemetry_enabled", "false");
            Server server = new Server();
            server.startServer(new MemoryConfig(config));
            return new TestMqtt(server, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.stopServer();
    }
}
