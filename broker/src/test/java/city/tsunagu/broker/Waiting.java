package city.tsunagu.broker;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * How tests wait for what happens asynchronously (notifications, status updates): until a
 * condition holds, checked every few milliseconds, and failing at a deadline long enough for a
 * loaded CI machine. A test that passes waits only as long as the effect takes.
 */
public final class Waiting {
    public static final Duration DEADLINE = Duration.ofSeconds(20);

    private Waiting() {
    }

    /** Awaitility with the shared deadline, e.g. {@code await().until(() -> received.size() >= 2)}. */
    public static ConditionFactory await() {
        return Awaitility.await().atMost(DEADLINE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20));
    }
}
