package city.tsunagu.deploy;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The device adapters' ports, checked before anything binds them, so that a port taken by
 * another program (often Debian's mosquitto service on 1883) stops the hub with a message that
 * names the port and the variable that moves it, instead of a stack trace from inside a library.
 */
final class AdapterPorts {
    private AdapterPorts() {
    }

    /** Thrown when one of the adapters' ports cannot be bound. */
    static final class InUseException extends RuntimeException {
        private final String what;
        private final String variable;

        InUseException(String what, String address, int port, String variable, IOException cause) {
            super(what + " cannot listen on " + address + ":" + port + ": " + cause.getMessage(), cause);
            this.what = what;
            this.variable = variable;
        }

        String what() {
            return what;
        }

        String variable() {
            return variable;
        }
    }

    static void checkTcp(String what, String address, int port, String variable) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
        } catch (IOException e) {
            throw new InUseException(what, address, port, variable, e);
        }
    }

    static void checkUdp(String what, String address, int port, String variable) {
        if (port == 0) {
            return;
        }
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(address), port))) {
            socket.getLocalPort();
        } catch (IOException e) {
            throw new InUseException(what, address, port, variable, e);
        }
    }
}
