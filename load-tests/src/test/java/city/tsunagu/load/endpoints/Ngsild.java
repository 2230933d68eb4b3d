package city.tsunagu.load.endpoints;

import static io.gatling.javaapi.http.HttpDsl.http;

import city.tsunagu.load.config.LoadConfig;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/** The HTTP protocol of every simulation: the hub, its tenant, keep-alive connections. */
public final class Ngsild {
    public static final String API = "/ngsi-ld/v1";

    private Ngsild() {
    }

    public static HttpProtocolBuilder protocol(LoadConfig config) {
        HttpProtocolBuilder protocol = http.baseUrl(config.hub())
                .acceptHeader("application/json")
                .userAgentHeader("tsunagu-load-tests");
        return config.tenant().map(t -> protocol.header("NGSILD-Tenant", t)).orElse(protocol);
    }
}
