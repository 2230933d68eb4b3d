package city.tsunagu.load.endpoints;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.http.HttpRequestActionBuilder;

/** The entity resource (ETSI GS CIM 009, 5.6 and 5.7): one request builder per operation, with its checks. */
public final class EntityEndpoints {

    private EntityEndpoints() {
    }

    /** Retrieve Entity (5.7.1): the entity with the id asked for. Session: {@code entityId}. */
    public static HttpRequestActionBuilder retrieveEntity(String name) {
        return http(name).get(Ngsild.API + "/entities/#{entityId}")
                .check(status().is(200),
                        header("Content-Type").is("application/json"),
                        jmesPath("id").isEL("#{entityId}"));
    }

    /** Update Attribute (5.6.4): the Property replaces the attribute. Session: {@code entityId}, {@code attribute}, {@code value}. */
    public static HttpRequestActionBuilder updateAttribute(String name) {
        return http(name).patch(Ngsild.API + "/entities/#{entityId}/attrs/#{attribute}")
                .header("Content-Type", "application/json")
                .body(StringBody("{\"type\":\"Property\",\"value\":#{value}}"))
                .check(status().is(204));
    }

    /**
     * Update Attribute (5.6.4) with a measured value: the Property with its observedAt and unit.
     * Session: {@code entityId}, {@code attribute}, {@code value}, {@code observedAt}, {@code unitCode}.
     */
    public static HttpRequestActionBuilder updateObservedAttribute(String name) {
        return http(name).patch(Ngsild.API + "/entities/#{entityId}/attrs/#{attribute}")
                .header("Content-Type", "application/json")
                .body(StringBody("{\"type\":\"Property\",\"value\":#{value},\"observedAt\":\"#{observedAt}\",\"unitCode\":\"#{unitCode}\"}"))
                .check(status().is(204));
    }
}
