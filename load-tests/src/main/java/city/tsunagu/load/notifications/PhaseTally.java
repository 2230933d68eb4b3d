package city.tsunagu.load.notifications;

import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one phase of the fan-out benchmark expected and received: notifications expected (one
 * per triggered subscription of each write sent), received (each notification id once),
 * duplicates (an id again), unexpected ones (an unknown subscription, the wrong endpoint or
 * entity, an unreadable body), and for each received one the write's send time and its receipt,
 * both in microseconds of the same clock (the writer and the receiver share a JVM).
 */
public final class PhaseTally {
    private final String name;
    private final LongAdder expected = new LongAdder();
    private final LongAdder unexpected = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private final AtomicLong measuredFrom = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong measuredUntil = new AtomicLong(Long.MIN_VALUE);
    private long[] sentAt = new long[1 << 12];
    private long[] receivedAt = new long[1 << 12];
    private int count;

    public PhaseTally(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** A write was sent that triggers {@code notifications} notifications. */
    public void expect(int notifications) {
        expected.add(notifications);
    }

    /** The measured window starts (the earliest call wins): writes before it were warm-up. */
    public void measureFrom(Instant at) {
        measuredFrom.accumulateAndGet(micros(at), Math::min);
    }

    /** The measured window ends (the latest call wins). */
    public void measureUntil(Instant at) {
        measuredUntil.accumulateAndGet(micros(at), Math::max);
    }

    /** A notification arrived; false if its id was seen before (counted as a duplicate). */
    boolean received(String notificationId, Instant writeSent, Instant receipt) {
        if (!ids.add(notificationId)) {
            duplicates.increment();
            return false;
        }
        synchronized (this) {
            if (count == sentAt.length) {
                sentAt = Arrays.copyOf(sentAt, count * 2);
                receivedAt = Arrays.copyOf(receivedAt, count * 2);
            }
            sentAt[count] = micros(writeSent);
            receivedAt[count] = micros(receipt);
            count++;
        }
        return true;
    }

    void unexpected() {
        unexpected.increment();
    }

    public long expected() {
        return expected.sum();
    }

    public synchronized long received() {
        return count;
    }

    public boolean complete() {
        return received() >= expected();
    }

    /**
     * The phase's figures: delivery rate counts the notifications received within the measured
     * window, delays those of the writes sent within it.
     */
    public synchronized NotificationResults.Delivery summary() {
        long from = measuredFrom.get();
        long until = measuredUntil.get();
        double seconds = until > from ? (until - from) / 1e6 : 0;
        long inWindow = 0;
        long[] delays = new long[count];
        int measured = 0;
        for (int i = 0; i < count; i++) {
            if (receivedAt[i] >= from && receivedAt[i] <= until) {
                inWindow++;
            }
            if (sentAt[i] >= from && sentAt[i] <= until) {
                delays[measured++] = receivedAt[i] - sentAt[i];
            }
        }
        Arrays.sort(delays, 0, measured);
        return new NotificationResults.Delivery(expected(), count, duplicates.sum(), unexpected.sum(), seconds,
                seconds > 0 ? inWindow / seconds : 0, measured,
                percentile(delays, measured, 0.50), percentile(delays, measured, 0.99), measured == 0 ? 0 : delays[measured - 1] / 1e3);
    }

    /** Nearest-rank percentile of the first {@code n} sorted delays, in milliseconds. */
    private static double percentile(long[] sorted, int n, double p) {
        if (n == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * n);
        return sorted[Math.max(0, rank - 1)] / 1e3;
    }

    static long micros(Instant at) {
        return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
    }
}
