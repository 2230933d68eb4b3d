package city.tsunagu.broker.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.broker.ApiTestSupport;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Aggregated temporal representation against a reference computed here from the raw series with
 * exact decimal arithmetic: periods that start inside buckets, empty periods, single values,
 * instances posted out of order, values large compared with their spread.
 */
class AggregationApiTest extends ApiTestSupport {
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final MathContext EXACT = MathContext.DECIMAL128;
    private static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");

    private record Reading(Instant time, double value) {
    }

    /** About 700 readings over 12 hours, none from 05:00 to 07:00, posted in shuffled chunks. */
    private List<Reading> postSeries(String id, Random random) {
        List<Reading> readings = new ArrayList<>();
        Instant t = T0.plusSeconds(17);
        while (t.isBefore(T0.plus(Duration.ofHours(12)))) {
            boolean gap = !t.isBefore(T0.plus(Duration.ofHours(5))) && t.isBefore(T0.plus(Duration.ofHours(7)));
            if (!gap) {
                readings.add(new Reading(t, 1013.25 + random.nextGaussian() * 0.01));
            }
            t = t.plusSeconds(30 + random.nextInt(60));
        }
        readings.add(new Reading(T0.plus(Duration.ofHours(14)).plusSeconds(5), 1013.5)); // alone in its period
        List<Reading> shuffled = new ArrayList<>(readings);
        Collections.shuffle(shuffled, random);
        for (int from = 0; from < shuffled.size(); from += 100) {
            StringBuilder body = new StringBuilder("{\"id\":\"" + id + "\",\"type\":\"Barometer\",\"pressure\":[");
            List<Reading> chunk = shuffled.subList(from, Math.min(from + 100, shuffled.size()));
            for (int i = 0; i < chunk.size(); i++) {
                body.append(i == 0 ? "" : ",").append("{\"type\":\"Property\",\"value\":").append(chunk.get(i).value())
                        .append(",\"observedAt\":\"").append(chunk.get(i).time()).append("\"}");
            }
            body.append("]}");
            client().post().uri("/temporal/entities").contentType(MediaType.APPLICATION_JSON).bodyValue(body.toString())
                    .exchange().expectStatus().is2xxSuccessful();
        }
        return readings;
    }

    private JsonNode aggregated(String id, String query) {
        byte[] body = client().get().uri("/temporal/entities/" + id + "?options=aggregatedValues"
                        + "&aggrMethods=totalCount,distinctCount,sum,avg,min,max,stddev,sumsq&" + query)
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        return JSON.readTree(body).path("pressure");
    }

    /** Compares each period's results with the reference over the readings in [start, end) and in the queried range. */
    private static void assertMatchesReference(JsonNode result, List<Reading> readings, Instant from, Instant to, List<Instant> expectedStarts) {
        List<Instant> starts = new ArrayList<>();
        result.path("totalCount").forEach(p -> starts.add(Instant.parse(p.get(1).asString())));
        assertThat(starts).containsExactlyElementsOf(expectedStarts);
        for (int p = 0; p < starts.size(); p++) {
            Instant start = Instant.parse(result.path("totalCount").get(p).get(1).asString());
            Instant end = Instant.parse(result.path("totalCount").get(p).get(2).asString());
            List<Double> values = readings.stream()
                    .filter(r -> !r.time().isBefore(start) && r.time().isBefore(end))
                    .filter(r -> (from == null || !r.time().isBefore(from)) && (to == null || r.time().isBefore(to)))
                    .map(Reading::value).toList();
            assertThat(values).isNotEmpty();
            BigDecimal n = BigDecimal.valueOf(values.size());
            BigDecimal sum = values.stream().map(BigDecimal::new).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal mean = sum.divide(n, EXACT);
            BigDecimal sumsq = values.stream().map(v -> new BigDecimal(v).multiply(new BigDecimal(v))).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal m2 = values.stream().map(v -> new BigDecimal(v).subtract(mean).pow(2)).reduce(BigDecimal.ZERO, BigDecimal::add);
            double stddev = values.size() < 2 ? 0 : m2.divide(n.subtract(BigDecimal.ONE), EXACT).sqrt(EXACT).doubleValue();
            int period = p;
            Function<String, Double> got = method -> result.path(method).get(period).get(0).asDouble();
            assertThat(result.path("totalCount").get(p).get(0).asLong()).isEqualTo(values.size());
            assertThat(result.path("distinctCount").get(p).get(0).asLong()).isEqualTo(new HashSet<>(values).size());
            assertRelative(got.apply("sum"), sum.doubleValue());
            assertRelative(got.apply("avg"), mean.doubleValue());
            assertRelative(got.apply("sumsq"), sumsq.doubleValue());
            assertRelative(got.apply("stddev"), stddev);
            assertThat(got.apply("min")).isEqualTo(values.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
            assertThat(got.apply("max")).isEqualTo(values.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        }
    }

    private static void assertRelative(double actual, double expected) {
        double scale = Math.max(Math.abs(expected), Double.MIN_NORMAL);
        assertThat(Math.abs(actual - expected) / scale).as("%s vs reference %s", actual, expected).isLessThanOrEqualTo(1e-9);
    }

    private static List<Instant> starts(Instant origin, Duration step, List<Reading> readings, Instant from, Instant to) {
        List<Instant> starts = new ArrayList<>();
        for (Instant s = origin; to == null ? !s.isAfter(readings.stream().map(Reading::time).max(Instant::compareTo).orElseThrow()) : s.isBefore(to);
             s = s.plus(step)) {
            Instant start = s;
            Instant end = s.plus(step);
            if (readings.stream().anyMatch(r -> !r.time().isBefore(start) && r.time().isBefore(end)
                    && (from == null || !r.time().isBefore(from)) && (to == null || r.time().isBefore(to)))) {
                starts.add(start);
            }
        }
        return starts;
    }

    @Test
    void periodsStartingInsideBucketsMatchTheReference() {
        String id = uniqueId("Barometer");
        List<Reading> readings = postSeries(id, new Random(7));
        Instant from = T0.plus(Duration.ofMinutes(67)); // 01:07, inside a bucket
        Instant to = T0.plus(Duration.ofHours(15));
        JsonNode result = aggregated(id, "timerel=between&timeAt=" + from + "&endTimeAt=" + to + "&aggrPeriodDuration=PT25M");
        assertMatchesReference(result, readings, from, to, starts(from, Duration.ofMinutes(25), readings, from, to));
    }

    @Test
    void hourlyPeriodsFromTheFirstInstanceAndEmptyHoursLeftOut() {
        String id = uniqueId("Barometer");
        List<Reading> readings = postSeries(id, new Random(11));
        Instant origin = readings.stream().map(Reading::time).min(Instant::compareTo).orElseThrow();
        JsonNode result = aggregated(id, "aggrPeriodDuration=PT1H");
        List<Instant> starts = starts(origin, Duration.ofHours(1), readings, null, null);
        assertThat(starts).doesNotContain(origin.plus(Duration.ofHours(5)), origin.plus(Duration.ofHours(6)));
        assertMatchesReference(result, readings, null, null, starts);
    }

    @Test
    void alignedHoursAndTheWholeRange() {
        String id = uniqueId("Barometer");
        List<Reading> readings = postSeries(id, new Random(13));
        Instant to = T0.plus(Duration.ofHours(10));
        JsonNode hourly = aggregated(id, "timerel=before&timeAt=" + to + "&aggrPeriodDuration=PT1H");
        Instant origin = readings.stream().map(Reading::time).min(Instant::compareTo).orElseThrow();
        assertMatchesReference(hourly, readings, null, to, starts(origin, Duration.ofHours(1), readings, null, to));

        Instant from = T0.plus(Duration.ofMinutes(90));
        Instant end = T0.plus(Duration.ofHours(20));
        JsonNode whole = aggregated(id, "timerel=between&timeAt=" + from + "&endTimeAt=" + end + "&aggrPeriodDuration=PT0S");
        assertThat(whole.path("totalCount")).hasSize(1);
        assertMatchesReference(whole, readings, from, end, List.of(from));
    }

    @Test
    void nonNumericValuesAreCountedOnly() {
        String id = uniqueId("Sign");
        client().post().uri("/temporal/entities").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"id\":\"" + id
                        + "\",\"type\":\"Sign\",\"message\":[{\"type\":\"Property\",\"value\":\"open\",\"observedAt\":\"2024-03-01T08:00:00Z\"},"
                        + "{\"type\":\"Property\",\"value\":\"closed\",\"observedAt\":\"2024-03-01T08:10:00Z\"},"
                        + "{\"type\":\"Property\",\"value\":\"open\",\"observedAt\":\"2024-03-01T08:20:00Z\"}]}")
                .exchange().expectStatus().isCreated();
        JsonNode result = JSON.readTree(client().get().uri("/temporal/entities/" + id
                        + "?options=aggregatedValues&aggrMethods=totalCount,distinctCount,avg&aggrPeriodDuration=P1D")
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody()).path("message");
        assertThat(result.path("totalCount").toString()).isEqualTo("[[3,\"2024-03-01T08:00:00Z\",\"2024-03-02T08:00:00Z\"]]");
        assertThat(result.path("distinctCount").get(0).get(0).asInt()).isEqualTo(2);
        assertThat(result.has("avg")).isFalse();
    }
}
