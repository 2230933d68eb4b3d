package city.tsunagu.adapters.simulator;

import java.util.Random;
import tools.jackson.databind.node.ObjectNode;

/** One device of the simulated fleet: its state moves on with the clock, and it reports it as an IoT Agent device would. */
interface SimulatedDevice {

    String deviceId();

    /** The MQTT topic it publishes its readings on. */
    String topic();

    /** Its current reading, as the device sends it (IoT Agent JSON or UltraLight 2.0). */
    byte[] reading();

    /** Moves its state on by {@code seconds}, at {@code hour} (local, 0–24) of the day. */
    void advance(double hour, double seconds, Random random);

    /** Its entry in a {@code POST /iot/devices} body. */
    ObjectNode provisioning();
}
