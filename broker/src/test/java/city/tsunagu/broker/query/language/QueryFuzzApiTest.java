package city.tsunagu.broker.query.language;

import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.broker.ApiTestSupport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import tools.jackson.databind.JsonNode;

/**
 * Random q strings through the HTTP API: every answer is 200 or 400 (a ProblemDetails naming q),
 * never a 5xx, and every 200 lists exactly the fixture entities the in-memory evaluator matches,
 * Linked Entity terms included (system timestamps aside, which only the broker's copies have).
 */
class QueryFuzzApiTest extends ApiTestSupport {
    @Test
    void everyQAnswers200WithTheMatchesOr400() throws IOException {
        String tenant = "fuzz-" + System.nanoTime();
        try (InputStream in = getClass().getResourceAsStream("/query/language/entities.jsonld")) {
            client().post().uri("/entityOperations/create").header("NGSILD-Tenant", tenant).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(new String(in.readAllBytes(), StandardCharsets.UTF_8)).exchange().expectStatus().isCreated();
        }
        RandomQueries random = new RandomQueries(Long.getLong("tsunagu.test.seed", 7L));
        int answered = 0;
        for (int i = 0; i < 400; i++) {
            String q = switch (i % 4) {
                case 0 -> random.soup();
                case 1 -> random.mutation(random.q(2));
                default -> random.q(2);
            };
            if (!StandardCharsets.UTF_8.newEncoder().canEncode(q)) {
                continue; // a lone surrogate has no UTF-8 form: the URL would carry another string
            }
            if (q.contains("createdAt") || q.contains("modifiedAt")) {
                continue; // the broker stamps these on creation; the fixtures read from the file have none
            }
            EntityExchangeResult<byte[]> result = client().get()
                    .uri("/entities?type=*&join=inline&joinLevel=3&limit=100&q={q}", q).header("NGSILD-Tenant", tenant)
                    .exchange().expectBody().returnResult();
            int status = result.getStatus().value();
            JsonNode body = Fixtures.JSON.readTree(result.getResponseBody());
            assertThat(status).as("q %s answered %s", q, body).isIn(200, 400);
            if (status == 400) {
                assertThat(body.path("detail").asString()).as(q).startsWith("q");
                continue;
            }
            answered++;
            Set<String> ids = new TreeSet<>();
            body.forEach(e -> ids.add(e.path("id").asString()));
            Condition expected;
            try {
                expected = QueryLanguage.parseQ(q, Fixtures.CORE);
            } catch (RuntimeException e) {
                throw new AssertionError("the broker answered 200 to q " + q.chars().mapToObj(c -> c < 32 || c > 126
                        ? String.format("\\u%04x", c) : String.valueOf((char) c)).collect(java.util.stream.Collectors.joining())
                        + " which does not parse here: " + e.getMessage().replace('\0', '?'));
            }
            assertThat(ids).as("q %s", q).isEqualTo(Fixtures.matching(expected));
        }
        assertThat(answered).as("valid expressions among the inputs").isGreaterThan(100);
    }
}
