package city.tsunagu.load.endpoints;

import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.http.HttpRequestActionBuilder;

/** Spring Boot's metrics endpoint of the hub ({@code /actuator/metrics/{name}}). */
public final class MetricsEndpoint {

    private MetricsEndpoint() {
    }

    /**
     * A counter's count, saved as {@code saveAs}; {@code tag} narrows it ("outcome:dropped"), or is null.
     */
    public static HttpRequestActionBuilder counter(String name, String metric, String tag, String saveAs) {
        HttpRequestActionBuilder request = http(name).get("/actuator/metrics/" + metric);
        if (tag != null) {
            request = request.queryParam("tag", tag);
        }
        return request.check(status().is(200),
                jmesPath("measurements[?statistic=='COUNT'].value | [0]").ofDouble().saveAs(saveAs));
    }
}
