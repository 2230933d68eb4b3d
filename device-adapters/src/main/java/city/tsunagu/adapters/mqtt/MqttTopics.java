package city.tsunagu.adapters.mqtt;

import city.tsunagu.adapters.ingest.InboundMessage;
import city.tsunagu.adapters.ingest.PayloadFormat;
import java.util.List;

/**
 * The IoT Agents' measure topics: {@code /json/{apikey}/{deviceId}/attrs[/{objectId}]},
 * {@code /ul/{apikey}/{deviceId}/attrs[/{objectId}]}, and the older JSON form without prefix,
 * {@code /{apikey}/{deviceId}/attrs[/{objectId}]}; and the devices' answers to commands,
 * {@code /json/{apikey}/{deviceId}/cmdexe} and {@code /{apikey}/{deviceId}/cmdexe}.
 */
final class MqttTopics {
    static final List<String> FILTERS = List.of(
            "/json/+/+/attrs", "/json/+/+/attrs/+",
            "/ul/+/+/attrs", "/ul/+/+/attrs/+",
            "/+/+/attrs", "/+/+/attrs/+",
            "/json/+/+/cmdexe", "/+/+/cmdexe");

    /** A device's answer to a command. */
    record CommandAnswer(String apikey, String deviceId) {
    }

    private MqttTopics() {
    }

    /** The message a topic and payload make, or null for a topic that is not a measure topic. */
    static InboundMessage parse(String topic, byte[] payload) {
        String[] levels = topic.split("/", -1);
        if (levels.length < 4 || !levels[0].isEmpty()) {
            return null;
        }
        if ((levels[1].equals("json") || levels[1].equals("ul")) && levels.length >= 5 && levels[4].equals("attrs")) {
            PayloadFormat format = levels[1].equals("json") ? PayloadFormat.JSON : PayloadFormat.ULTRALIGHT;
            return message(levels[2], levels[3], levels.length == 6 ? levels[5] : null, levels.length <= 6, format, payload);
        }
        if (levels[3].equals("attrs")) {
            return message(levels[1], levels[2], levels.length == 5 ? levels[4] : null, levels.length <= 5, PayloadFormat.JSON, payload);
        }
        return null;
    }

    /** The device a command answer topic names, or null for another topic. */
    static CommandAnswer commandAnswer(String topic) {
        String[] levels = topic.split("/", -1);
        if (levels.length == 5 && levels[0].isEmpty() && levels[1].equals("json") && levels[4].equals("cmdexe")
                && !levels[2].isEmpty() && !levels[3].isEmpty()) {
            return new CommandAnswer(levels[2], levels[3]);
        }
        if (levels.length == 4 && levels[0].isEmpty() && levels[3].equals("cmdexe") && !levels[1].isEmpty() && !levels[2].isEmpty()) {
            return new CommandAnswer(levels[1], levels[2]);
        }
        return null;
    }

    private static InboundMessage message(String apikey, String deviceId, String objectId, boolean fits,
                                          PayloadFormat format, byte[] payload) {
        if (!fits || apikey.isEmpty() || deviceId.isEmpty() || (objectId != null && objectId.isEmpty())) {
            return null;
        }
        return new InboundMessage(apikey, deviceId, objectId, format, payload, "MQTT");
    }
}
