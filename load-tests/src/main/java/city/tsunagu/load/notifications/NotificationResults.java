package city.tsunagu.load.notifications;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fan-out benchmark's results beside Gatling's ({@code notifications.json} in
 * {@code load.workDir}): per phase, what was delivered and what the broker counted.
 */
public final class NotificationResults {
    public static final String FILE = "notifications.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * What the receiver saw in a phase; delays in milliseconds from a write's send time to the
     * notification's receipt.
     *
     * @param measuredSeconds    the measured window (warm-up left out)
     * @param perSecond          notifications received within the window, per second
     * @param delayed            notifications of writes sent within the window, whose delays are given
     */
    public record Delivery(long expected, long received, long duplicates, long unexpected, double measuredSeconds,
                           double perSecond, long delayed, double p50, double p99, double max) {
        public long missing() {
            return Math.max(0, expected - received);
        }
    }

    /**
     * What the broker counted during a phase: the metric {@code tsunagu.notifications} by outcome
     * and {@code tsunagu.subscription.changes.dropped} (changes the matcher had no room for), as
     * increases over the phase; and the sums of the status members timesSent and timesFailed over
     * the benchmark's subscriptions at the phase's end. Negative when not read.
     */
    public record Broker(long sent, long failed, long dropped, long changesDropped, long timesSent, long timesFailed) {
        public static final Broker UNKNOWN = new Broker(-1, -1, -1, -1, -1, -1);

        /** Notifications failed or dropped, and changes not matched (each of which may have been several notifications). */
        public long lost() {
            return failed + dropped + changesDropped;
        }
    }

    /**
     * One phase of the stream of writes.
     *
     * @param subscriptions   the benchmark's subscriptions during the phase (0 for the baseline)
     * @param endpoints       their distinct endpoints
     * @param receiver        "answers 204", "never answers" or "none"
     * @param connections     connections the broker opened to a receiver that never answers (0 for one that answers)
     */
    public record Phase(String name, int subscriptions, int endpoints, String receiver, Delivery delivery, Broker broker,
                        int connections) {
    }

    public record Run(List<Phase> phases) {
    }

    private NotificationResults() {
    }

    public static void write(Path dir, Run run) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(run));
    }

    /** The results of this run, or empty when the fan-out simulation did not run. */
    public static Optional<Run> read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        return Files.exists(file) ? Optional.of(JSON.readValue(Files.readString(file), Run.class)) : Optional.empty();
    }
}
