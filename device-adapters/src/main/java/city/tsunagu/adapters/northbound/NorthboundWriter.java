package city.tsunagu.adapters.northbound;

import city.tsunagu.adapters.AdaptersProperties;
import city.tsunagu.adapters.measure.EntityUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Carries entity updates to the broker as batch upserts, in order per entity and without loss.
 *
 * <p>Updates are spread over {@code connections} lanes by entity (tenant and id), each with its
 * share of the bounded buffer and one thread that sends one batch at a time: so one entity's
 * updates reach the broker in the order they were offered. A batch holds updates of one tenant
 * and at most one per entity (a second one waits for the next batch, so no reading is merged
 * away), and is sent when full or when its first update has waited {@code batchDelay}. While the
 * broker does not answer, or answers 5xx, the same batch is retried with exponential back-off
 * and the lane's buffer fills; {@link #put} then blocks, which is the push-back on MQTT and
 * CoAP. An update the broker refuses is logged with the broker's reason and counted, never
 * retried forever.
 */
@Component
public class NorthboundWriter implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(NorthboundWriter.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

    private final NorthboundProperties properties;
    private final ReadingMetrics metrics;
    private final BrokerClient client;
    private final List<Lane> lanes = new ArrayList<>();
    private volatile boolean running;

    public NorthboundWriter(AdaptersProperties adapters, NorthboundProperties properties, ReadingMetrics metrics) {
        this.properties = properties;
        this.metrics = metrics;
        this.client = new BrokerClient(adapters.brokerUrl(), properties.connections(), properties.responseTimeout());
        int perLane = Math.max(1, properties.buffer() / properties.connections());
        for (int i = 0; i < properties.connections(); i++) {
            lanes.add(new Lane(i, new ArrayBlockingQueue<>(perLane)));
        }
    }

    /** Takes the update if its lane has room; false means the buffer is full (answer "try later"). */
    public boolean offer(EntityUpdate update) {
        return lane(update).queue.offer(update);
    }

    /**
     * Takes all the updates or none (false: their lanes lack room), for a transport that answers
     * "try later" (CoAP 5.03) and must not have a part of a message taken before the device
     * sends it again. Producers that take one update at a time may fill a lane between the check
     * and the adding; the adding then waits for the lane's sender, which is draining it.
     */
    public boolean offerAll(List<EntityUpdate> updates) throws InterruptedException {
        SortedMap<Integer, Integer> needed = new TreeMap<>();
        for (EntityUpdate update : updates) {
            needed.merge(lane(update).index, 1, Integer::sum);
        }
        List<Lane> locked = new ArrayList<>();
        try {
            for (int index : needed.keySet()) {
                Lane lane = lanes.get(index);
                lane.producers.lock();
                locked.add(lane);
                if (lane.queue.remainingCapacity() < needed.get(index)) {
                    return false;
                }
            }
            for (EntityUpdate update : updates) {
                lane(update).queue.put(update);
            }
            return true;
        } finally {
            locked.forEach(lane -> lane.producers.unlock());
        }
    }

    /** Takes the update, waiting up to {@code timeout} for room in its lane; false if there was none. */
    public boolean put(EntityUpdate update, Duration timeout) throws InterruptedException {
        return lane(update).queue.offer(update, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Updates waiting for the broker. */
    public int pending() {
        return lanes.stream().mapToInt(lane -> lane.queue.size() + lane.inFlight + (lane.carried != null ? 1 : 0)).sum();
    }

    private Lane lane(EntityUpdate update) {
        return lanes.get(Math.floorMod(Objects.hash(update.tenant(), update.entityId()), lanes.size()));
    }

    @Override
    public void start() {
        running = true;
        for (Lane lane : lanes) {
            lane.thread = new Thread(lane::run, "northbound-" + lane.index);
            lane.thread.setDaemon(true);
            lane.thread.start();
        }
    }

    /** Sends what is buffered (for up to the response timeout), then stops. */
    @Override
    public void stop() {
        running = false;
        for (Lane lane : lanes) {
            try {
                lane.thread.join(properties.responseTimeout().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            lane.thread.interrupt();
        }
        int left = pending();
        if (left > 0) {
            log.warn("Stopped with {} readings not delivered to the broker", left);
        }
        client.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Below the transports that feed it, so they stop first; SmartLifecycle's default is Integer.MAX_VALUE. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

    @Override
    public int getPhase() {
        return PHASE;
    }

    private final class Lane {
        private final int index;
        private final BlockingQueue<EntityUpdate> queue;
        /** Held by {@link #offerAll} between checking the room and using it. */
        private final ReentrantLock producers = new ReentrantLock();
        private Thread thread;
        /** Taken from the queue but kept for the next batch (a second update of an entity, or another tenant's). */
        private volatile EntityUpdate carried;
        private volatile int inFlight;

        Lane(int index, BlockingQueue<EntityUpdate> queue) {
            this.index = index;
            this.queue = queue;
        }

        void run() {
            try {
                while (running || carried != null || !queue.isEmpty()) {
                    List<EntityUpdate> batch = nextBatch();
                    if (!batch.isEmpty()) {
                        inFlight = batch.size();
                        deliver(batch);
                        inFlight = 0;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private List<EntityUpdate> nextBatch() throws InterruptedException {
            EntityUpdate first = carried != null ? carried : queue.poll(100, TimeUnit.MILLISECONDS);
            carried = null;
            List<EntityUpdate> batch = new ArrayList<>();
            if (first == null) {
                return batch;
            }
            batch.add(first);
            Set<String> ids = new HashSet<>();
            ids.add(first.entityId());
            long deadline = System.nanoTime() + properties.batchDelay().toNanos();
            while (batch.size() < properties.batchSize()) {
                EntityUpdate next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (next == null) {
                    break;
                }
                if (!Objects.equals(next.tenant(), first.tenant()) || !ids.add(next.entityId())) {
                    carried = next;
                    break;
                }
                batch.add(next);
            }
            return batch;
        }

        /** Until the broker has answered about every update of the batch. */
        private void deliver(List<EntityUpdate> batch) throws InterruptedException {
            String tenant = batch.get(0).tenant();
            Duration backoff = FIRST_BACKOFF;
            while (true) {
                UpsertResult result = client.upsert(tenant, batch)
                        .block(properties.responseTimeout().plusSeconds(5));
                if (result instanceof UpsertResult.Accepted) {
                    batch.forEach(metrics::accepted);
                    return;
                }
                if (result instanceof UpsertResult.PartlyRejected partly) {
                    for (EntityUpdate update : batch) {
                        String reason = partly.reasons().get(update.entityId());
                        if (reason == null) {
                            metrics.accepted(update);
                        } else {
                            rejected(update, reason);
                        }
                    }
                    return;
                }
                if (result instanceof UpsertResult.Rejected rejected) {
                    if (batch.size() > 1) {
                        // find the update the broker objects to: the others still go, in order
                        for (EntityUpdate update : batch) {
                            deliver(List.of(update));
                        }
                    } else {
                        rejected(batch.get(0), rejected.reason());
                    }
                    return;
                }
                String reason = result == null ? "no answer" : ((UpsertResult.Unavailable) result).reason();
                batch.forEach(metrics::retried);
                log.warn("Broker unavailable ({}); retrying {} readings in {} ms", reason, batch.size(), backoff.toMillis());
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2);
                if (backoff.compareTo(properties.maxBackoff()) > 0) {
                    backoff = properties.maxBackoff();
                }
            }
        }

        private void rejected(EntityUpdate update, String reason) {
            log.warn("Broker refused the reading of device {} (service '{}') for {}: {}",
                    update.source(), update.service(), update.entityId(), reason);
            metrics.rejected(update.service(), "broker");
        }
    }
}
