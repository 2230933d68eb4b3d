package city.tsunagu.adapters.coap;

import city.tsunagu.adapters.ingest.Ingestion;
import city.tsunagu.adapters.ingest.PayloadFormat;
import city.tsunagu.adapters.northbound.NorthboundWriter;
import city.tsunagu.adapters.northbound.ReadingMetrics;
import java.net.InetSocketAddress;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Readings over CoAP (Eclipse Californium, UDP): {@code /iot/json} and {@code /iot/ul}, see
 * {@link MeasureResource}. Californium's settings are its defaults, never read from or written
 * to a {@code Californium3.properties} file.
 */
@Component
public class CoapSouthbound implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(CoapSouthbound.class);

    static {
        CoapConfig.register();
        UdpConfig.register();
    }

    private final CoapProperties properties;
    private final Ingestion ingestion;
    private final NorthboundWriter writer;
    private final ReadingMetrics metrics;
    private CoapServer server;
    private CoapEndpoint endpoint;

    public CoapSouthbound(CoapProperties properties, Ingestion ingestion, NorthboundWriter writer, ReadingMetrics metrics) {
        this.properties = properties;
        this.ingestion = ingestion;
        this.writer = writer;
        this.metrics = metrics;
    }

    @Override
    public void start() {
        if (properties.port() == null) {
            log.info("No CoAP port configured (TSUNAGU_IOTA_COAP_PORT): CoAP southbound off");
            return;
        }
        Configuration configuration = Configuration.createStandardWithoutFile();
        endpoint = CoapEndpoint.builder()
                .setConfiguration(configuration)
                .setInetSocketAddress(new InetSocketAddress(properties.address(), properties.port()))
                .build();
        server = new CoapServer(configuration);
        server.addEndpoint(endpoint);
        CoapResource iot = new CoapResource("iot");
        iot.add(new MeasureResource("json", PayloadFormat.JSON, ingestion, writer, metrics));
        iot.add(new MeasureResource("ul", PayloadFormat.ULTRALIGHT, ingestion, writer, metrics));
        server.add(iot);
        server.start();
        log.info("CoAP southbound listening on {} (udp): /iot/json, /iot/ul", endpoint.getAddress());
    }

    /** The UDP port it listens on, once started. */
    public int port() {
        return endpoint.getAddress().getPort();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.destroy();
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** Stops before the northbound writer (a higher phase stops first), so it can deliver what this took. */
    @Override
    public int getPhase() {
        return NorthboundWriter.PHASE + 1;
    }
}
