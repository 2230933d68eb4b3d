package city.tsunagu.load.endpoints;

import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.http.HttpRequestActionBuilder;

/** The temporal evolution of entities (ETSI GS CIM 009, 5.7.3): one request builder per operation, with its checks. */
public final class TemporalEndpoints {

    private TemporalEndpoints() {
    }

    /**
     * Retrieve Temporal Evolution of an Entity (5.7.3) as aggregatedValues: avg, min and max of an
     * air-quality sensor's no2 per hour over a day, 24 periods. Session: {@code entityId}, {@code day}, {@code nextDay}.
     */
    public static HttpRequestActionBuilder hourlyAggregates(String name) {
        return http(name).get(Ngsild.API + "/temporal/entities/#{entityId}?attrs=no2&options=aggregatedValues"
                        + "&aggrMethods=avg,min,max&aggrPeriodDuration=PT1H&timerel=between&timeAt=#{day}&endTimeAt=#{nextDay}")
                .check(status().is(200),
                        jmesPath("id").isEL("#{entityId}"),
                        jmesPath("length(no2.avg)").ofInt().is(24));
    }
}
