package city.tsunagu.load.endpoints;

import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.http.HttpRequestActionBuilder;

/**
 * The benchmark's own notification receiver (NotificationReceiver): its count of the current
 * phase, checked like an answer of the hub, so that a notification missing, duplicated or not
 * what a subscription asked for fails the run as a failed request does.
 */
public final class ReceiverEndpoint {

    private ReceiverEndpoint() {
    }

    /** Every notification expected arrived, once, and nothing else did. */
    public static HttpRequestActionBuilder allReceived(String name, String receiverUrl) {
        return http(name).get(receiverUrl + "/stats")
                .check(status().is(200),
                        jmesPath("missing").ofLong().is(0L),
                        jmesPath("duplicates").ofLong().is(0L),
                        jmesPath("unexpected").ofLong().is(0L));
    }

    /**
     * Nothing arrived twice or other than a subscription asked, with no count of the missing: for
     * a phase in which the broker counted notifications or changes as lost.
     */
    public static HttpRequestActionBuilder noneWrong(String name, String receiverUrl) {
        return http(name).get(receiverUrl + "/stats")
                .check(status().is(200),
                        jmesPath("duplicates").ofLong().is(0L),
                        jmesPath("unexpected").ofLong().is(0L));
    }
}
