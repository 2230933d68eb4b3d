package city.tsunagu.load.endpoints;

import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.http.HttpRequestActionBuilder;

/** Query Entities (5.7.2): {@code GET /entities} with the query as parameters. */
public final class QueryEndpoints {

    private QueryEndpoints() {
    }

    /**
     * A page of entities of a type matching {@code q}: a non-empty JSON array of at most
     * {@code limit} entities of that type. Session: {@code type}, {@code q}, {@code limit},
     * {@code offset}.
     */
    public static HttpRequestActionBuilder queryEntities(String name) {
        return http(name).get(Ngsild.API + "/entities")
                .queryParam("type", "#{type}")
                .queryParam("q", "#{q}")
                .queryParam("limit", "#{limit}")
                .queryParam("offset", "#{offset}")
                .check(status().is(200),
                        header("Content-Type").is("application/json"),
                        jmesPath("length(@)").ofInt().gt(0),
                        jmesPath("length(@)").ofInt().lte(20).saveAs("pageSize"),
                        jmesPath("[0].type").isEL("#{type}"));
    }

    /**
     * Entities of a type within {@code maxDistance} metres of a point (geo-query, 4.10): a JSON
     * array, each entity of that type. Session: {@code type}, {@code maxDistance},
     * {@code coordinates} ("[lon,lat]").
     */
    public static HttpRequestActionBuilder nearPoint(String name) {
        return http(name).get(Ngsild.API + "/entities")
                .queryParam("type", "#{type}")
                .queryParam("georel", "near;maxDistance==#{maxDistance}")
                .queryParam("geometry", "Point")
                .queryParam("coordinates", "#{coordinates}")
                .check(status().is(200),
                        header("Content-Type").is("application/json"),
                        jmesPath("length([?type != '#{type}'])").ofInt().is(0));
    }
}
