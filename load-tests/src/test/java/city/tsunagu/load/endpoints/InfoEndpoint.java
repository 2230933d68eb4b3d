package city.tsunagu.load.endpoints;

import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.http.HttpRequestActionBuilder;

/**
 * Spring Boot's info endpoint, on the same server and port as the API: the cheapest request the
 * hub answers (an empty JSON object, no store access), so its rate is the HTTP ceiling
 * (connections, routing, filters, JSON) that no NGSI-LD request can exceed.
 */
public final class InfoEndpoint {

    private InfoEndpoint() {
    }

    public static HttpRequestActionBuilder info(String name) {
        return http(name).get("/actuator/info")
                .check(status().is(200),
                        header("Content-Type").is("application/json"),
                        jmesPath("type(@)").is("object"));
    }
}
