package city.tsunagu.load.endpoints;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.http.HttpRequestActionBuilder;

/** The subscription resource (5.8): one request builder per operation, with its checks. */
public final class SubscriptionEndpoints {

    private SubscriptionEndpoints() {
    }

    /** Create Subscription (5.8.1): 201 with the subscription's own URI. Session: {@code subscription} (JSON), {@code subscriptionId}. */
    public static HttpRequestActionBuilder create(String name) {
        return http(name).post(Ngsild.API + "/subscriptions")
                .header("Content-Type", "application/json")
                .body(StringBody("#{subscription}"))
                .check(status().is(201), header("Location").isEL(Ngsild.API + "/subscriptions/#{subscriptionId}"));
    }

    /** Update Subscription (5.8.2). Session: {@code subscriptionId}, {@code fragment} (JSON). */
    public static HttpRequestActionBuilder update(String name) {
        return http(name).patch(Ngsild.API + "/subscriptions/#{subscriptionId}")
                .header("Content-Type", "application/json")
                .body(StringBody("#{fragment}"))
                .check(status().is(204));
    }

    /** Delete Subscription (5.8.5). Session: {@code subscriptionId}. */
    public static HttpRequestActionBuilder delete(String name) {
        return http(name).delete(Ngsild.API + "/subscriptions/#{subscriptionId}")
                .check(status().is(204));
    }

    /**
     * Query Subscriptions (5.8.4), one page, summing the status of those whose id starts with
     * {@code idPrefix} into {@code timesSent} and {@code timesFailed}, and the page's length into
     * {@code pageSize}. Session: {@code offset}, {@code limit}, {@code idPrefix}.
     */
    public static HttpRequestActionBuilder statusPage(String name) {
        return http(name).get(Ngsild.API + "/subscriptions")
                .queryParam("offset", "#{offset}")
                .queryParam("limit", "#{limit}")
                .check(status().is(200),
                        jmesPath("length(@)").ofInt().saveAs("pageSize"),
                        jmesPath("sum([?starts_with(id, '#{idPrefix}')].notification.timesSent)").ofLong().saveAs("timesSent"),
                        jmesPath("sum([?starts_with(id, '#{idPrefix}')].notification.timesFailed)").ofLong().saveAs("timesFailed"));
    }
}
