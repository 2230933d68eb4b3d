package city.tsunagu.load.endpoints;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.http.HttpRequestActionBuilder;

/** Batch entity operations (5.6.7 to 5.6.10). */
public final class BatchEndpoints {

    private BatchEndpoints() {
    }

    /**
     * Batch Upsert (5.6.8) with {@code options=update}: every entity exists, so all are updated
     * and the answer is 204 (201 would mean some were created, 207 that some failed). Session:
     * {@code batch}, a JSON array of entities.
     */
    public static HttpRequestActionBuilder upsertUpdating(String name) {
        return http(name).post(Ngsild.API + "/entityOperations/upsert")
                .queryParam("options", "update")
                .header("Content-Type", "application/json")
                .body(StringBody("#{batch}"))
                .check(status().is(204));
    }
}
