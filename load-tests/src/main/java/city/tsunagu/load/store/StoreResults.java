package city.tsunagu.load.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The store ceiling's measurements, as {@link StoreCeiling} writes them and the report reads them. */
public final class StoreResults {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** @param operations operations completed in the measured time; {@code errors} failed or answered wrongly */
    public record Result(double opsPerSecond, long operations, long errors) {
    }

    private StoreResults() {
    }

    static void write(Path file, int users, Duration duration, Map<StoreOperation, Result> results) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("users", users);
        json.put("durationSeconds", duration.toSeconds());
        Map<String, Object> ops = new LinkedHashMap<>();
        results.forEach((op, r) -> ops.put(op.name(), r));
        json.put("operations", ops);
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
    }

    /** The results of this run, or empty when the store ceiling was not measured. */
    public static Optional<Map<StoreOperation, Result>> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode ops = JSON.readTree(Files.readString(file)).get("operations");
        Map<StoreOperation, Result> results = new EnumMap<>(StoreOperation.class);
        for (StoreOperation op : StoreOperation.values()) {
            JsonNode r = ops.get(op.name());
            if (r != null) {
                results.put(op, new Result(r.get("opsPerSecond").asDouble(), r.get("operations").asLong(), r.get("errors").asLong()));
            }
        }
        return Optional.of(results);
    }
}
