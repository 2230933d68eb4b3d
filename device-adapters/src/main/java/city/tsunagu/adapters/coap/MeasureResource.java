package city.tsunagu.adapters.coap;

import city.tsunagu.adapters.ingest.InboundMessage;
import city.tsunagu.adapters.ingest.Ingested;
import city.tsunagu.adapters.ingest.Ingestion;
import city.tsunagu.adapters.ingest.PayloadFormat;
import city.tsunagu.adapters.northbound.NorthboundWriter;
import city.tsunagu.adapters.northbound.ReadingMetrics;
import java.time.Duration;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /iot/json?k={apikey}&i={deviceId}} (IoT Agent JSON) or {@code /iot/ul?...}
 * (UltraLight 2.0): a device's readings, confirmable or not. Answers 2.04 Changed once the
 * readings are buffered for the broker, 4.00 Bad Request for a missing query parameter or a
 * payload that cannot be read, 4.04 Not Found for an unknown apikey or device, 5.03 Service
 * Unavailable (with Max-Age, the seconds to wait) while the buffer is full — nothing of the
 * message is taken then, so sending it again does not duplicate a reading.
 */
final class MeasureResource extends CoapResource {
    private static final Logger log = LoggerFactory.getLogger(MeasureResource.class);
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(30);
    private static final int RETRY_AFTER_SECONDS = 1;

    private final PayloadFormat format;
    private final Ingestion ingestion;
    private final NorthboundWriter writer;
    private final ReadingMetrics metrics;

    MeasureResource(String name, PayloadFormat format, Ingestion ingestion, NorthboundWriter writer, ReadingMetrics metrics) {
        super(name);
        this.format = format;
        this.ingestion = ingestion;
        this.writer = writer;
        this.metrics = metrics;
    }

    @Override
    public void handlePOST(CoapExchange exchange) {
        String apikey = exchange.getQueryParameter("k");
        String deviceId = exchange.getQueryParameter("i");
        if (apikey == null || apikey.isEmpty() || deviceId == null || deviceId.isEmpty()) {
            metrics.rejected("", "malformed");
            exchange.respond(ResponseCode.BAD_REQUEST, "The query needs the apikey and the device id: ?k={apikey}&i={deviceId}",
                    MediaTypeRegistry.TEXT_PLAIN);
            return;
        }
        InboundMessage message = new InboundMessage(apikey, deviceId, null, format, exchange.getRequestPayload(), "COAP");
        Ingested ingested = ingestion.ingest(message).block(LOOKUP_TIMEOUT);
        if (ingested == null || ingested.rejected()) {
            String detail = ingested == null ? "no answer from the registry" : ingested.detail();
            ResponseCode code = ingested == null || "internal".equals(ingested.rejection()) ? ResponseCode.INTERNAL_SERVER_ERROR
                    : ingested.unknownSender() ? ResponseCode.NOT_FOUND : ResponseCode.BAD_REQUEST;
            exchange.respond(code, detail, MediaTypeRegistry.TEXT_PLAIN);
            return;
        }
        try {
            if (!writer.offerAll(ingested.updates())) {
                log.debug("Buffer full: device {} asked to send again in {} s", deviceId, RETRY_AFTER_SECONDS);
                exchange.setMaxAge(RETRY_AFTER_SECONDS);
                exchange.respond(ResponseCode.SERVICE_UNAVAILABLE, "The adapters' buffer is full; send again later",
                        MediaTypeRegistry.TEXT_PLAIN);
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.respond(ResponseCode.SERVICE_UNAVAILABLE);
            return;
        }
        exchange.respond(ResponseCode.CHANGED);
    }
}
