package city.tsunagu.load.notifications;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A notification endpoint that never answers: it accepts every connection on 127.0.0.1 and
 * then neither reads nor writes, so a notification sent to it waits for the sender's timeout.
 * Connections stay open until it is closed.
 */
public final class SilentReceiver implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private SilentReceiver(ServerSocket server) {
        this.server = server;
        this.acceptor = new Thread(this::acceptForever, "silent-receiver");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static SilentReceiver start() throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        return new SilentReceiver(server);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Connections accepted so far: how many the sender opened (each left waiting). */
    public int accepted() {
        return connections.size();
    }

    private void acceptForever() {
        while (!server.isClosed()) {
            try {
                connections.add(server.accept());
            } catch (IOException e) {
                // closed: the receiver is stopping
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket connection : connections) {
            connection.close();
        }
    }
}
