package city.tsunagu.load.config;

import java.time.Duration;
import java.util.Locale;

/**
 * How hard and how long each simulation runs. Users are concurrent connections, each sending
 * its next request when the previous answer arrived (a closed model), so a slower server gets
 * fewer requests rather than a growing queue.
 */
public enum Profile {
    /** A few seconds per simulation, to prove every request still works (CI). */
    SMOKE(2, Duration.ofSeconds(3), Duration.ZERO),
    /** The published numbers: 50 concurrent users, after a warm-up that is not counted. */
    CAPACITY(50, Duration.ofSeconds(30), Duration.ofSeconds(10)),
    /** Half an hour per simulation, for leaks and slow degradation. */
    SOAK(32, Duration.ofMinutes(30), Duration.ofSeconds(30));

    private final int users;
    private final Duration duration;
    private final Duration warmup;

    Profile(int users, Duration duration, Duration warmup) {
        this.users = users;
        this.duration = duration;
        this.warmup = warmup;
    }

    public int users() {
        return users;
    }

    public Duration duration() {
        return duration;
    }

    public Duration warmup() {
        return warmup;
    }

    public static Profile parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("load.profile=" + name + " is not one of smoke, capacity, soak");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
