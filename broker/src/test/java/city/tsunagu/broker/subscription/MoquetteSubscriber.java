package city.tsunagu.broker.subscription;

import org.eclipse.paho.client.mqttv3.IMqttMessageListener;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;

/** A test subscriber's connection to an embedded Moquette. */
final class MoquetteSubscriber {
    private MoquetteSubscriber() {
    }

    /**
     * Connects and subscribes. Moquette 0.17 now and then closes a connection whose SUBSCRIBE
     * follows its CONNACK too closely ("SUBSCRIBE received on already closed connection", seen on a
     * loaded machine); a new connection then works.
     */
    static void connectAndSubscribe(MqttClient client, MqttConnectOptions options, String topic, int qos,
                                    IMqttMessageListener listener) throws MqttException {
        for (int attempt = 1; ; attempt++) {
            client.connect(options);
            try {
                client.subscribe(topic, qos, listener);
                return;
            } catch (MqttException e) {
                if (attempt == 3 || e.getReasonCode() != MqttException.REASON_CODE_CONNECTION_LOST
                        && e.getReasonCode() != MqttException.REASON_CODE_CLIENT_NOT_CONNECTED) {
                    throw e;
                }
            }
        }
    }
}
