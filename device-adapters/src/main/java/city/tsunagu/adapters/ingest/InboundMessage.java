package city.tsunagu.adapters.ingest;

/**
 * A device's message as a transport (MQTT topic, CoAP query) delivered it.
 *
 * @param objectId  the single measure of {@code .../attrs/{objectId}}, or null
 * @param transport MQTT or COAP, recorded on autoprovisioned devices
 */
public record InboundMessage(String apikey, String deviceId, String objectId, PayloadFormat format, byte[] payload,
                             String transport) {
}
