package city.tsunagu.load.journeys;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.pause;

import city.tsunagu.load.data.CitySubscriptions;
import city.tsunagu.load.data.KanazawaCity;
import city.tsunagu.load.endpoints.EntityEndpoints;
import city.tsunagu.load.endpoints.MetricsEndpoint;
import city.tsunagu.load.endpoints.ReceiverEndpoint;
import city.tsunagu.load.endpoints.SubscriptionEndpoints;
import city.tsunagu.load.notifications.NotificationReceiver;
import city.tsunagu.load.notifications.NotificationResults;
import city.tsunagu.load.notifications.PhaseTally;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * The steps of the subscription fan-out: apps and dashboards subscribing ({@link CitySubscriptions}),
 * buses reporting their speed with the time of sending as {@code observedAt}, the receiver's
 * count checked, and what the broker counted read from its metrics and the subscriptions' status.
 */
public final class SubscriptionJourneys {
    /** Subscriptions are listed in pages this long (the hub's largest page by default). */
    static final int STATUS_PAGE = 1000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The broker's counters at one moment; see {@link NotificationResults.Broker}. */
    private record Counts(long sent, long failed, long dropped, long changesDropped, long timesSent, long timesFailed) {
    }

    private final KanazawaCity city;
    private final CitySubscriptions subscriptions;
    private final NotificationReceiver receiver;
    private final AtomicLong lastSentMicros = new AtomicLong();
    private final Map<String, PhaseTally> tallies = new ConcurrentHashMap<>();
    private final Map<String, Counts> counts = new ConcurrentHashMap<>();

    public SubscriptionJourneys(KanazawaCity city, CitySubscriptions subscriptions, NotificationReceiver receiver) {
        this.city = city;
        this.subscriptions = subscriptions;
        this.receiver = receiver;
        for (int s = 0; s < subscriptions.size(); s++) {
            receiver.expect(subscriptions.id(s), subscriptions.path(s), subscriptions.followedEntity(s).orElse(null));
        }
    }

    /** From now on the receiver counts for {@code phase}. */
    public ChainBuilder startPhase(String phase) {
        return exec(session -> {
            tallies.put(phase, receiver.startPhase(phase));
            return session;
        });
    }

    /**
     * A bus reports its speed (PATCH speed with observedAt = now, unique per write so that every
     * write changes the attribute). With {@code expecting}, each write adds the notifications
     * it triggers to the phase's expected count.
     */
    public ChainBuilder reportSpeed(String name, boolean expecting) {
        int buses = city.count("Vehicle");
        return feed(Stream.generate(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            int n = random.nextInt(buses);
            double speed = Math.round(random.nextDouble(0, 50) * 10) / 10.0;
            if (expecting) {
                receiver.tally().expect(subscriptions.notifications(n, speed));
            }
            return Map.<String, Object>of("entityId", city.id(city.indexOf("Vehicle", n)), "attribute", "speed", "value", speed,
                    "observedAt", sendTime(), "unitCode", "KMH");
        }).iterator()).exec(EntityEndpoints.updateObservedAttribute(name));
    }

    /** The measured window of the current phase begins (the first user to get here). */
    public ChainBuilder measureFrom() {
        return exec(session -> {
            receiver.tally().measureFrom(Instant.now());
            return session;
        });
    }

    /** The measured window of the current phase ends (the last user to get here). */
    public ChainBuilder measureUntil() {
        return exec(session -> {
            receiver.tally().measureUntil(Instant.now());
            return session;
        });
    }

    /**
     * Waits until the receiver has every notification expected (at most {@code timeout}), reads the
     * broker's counts as {@code after}, then checks the receiver's: every notification arrived
     * unless the broker counted some as lost since {@code before} (failed, dropped, or their
     * change not matched), and none arrived twice or unasked in any case.
     */
    public ChainBuilder awaitNotifications(String name, Duration timeout, String before, String after) {
        return exec(session -> session.set("deadline", System.nanoTime() + timeout.toNanos()))
                .asLongAs(session -> !receiver.tally().complete() && System.nanoTime() < session.getLong("deadline"))
                .on(pause(Duration.ofMillis(100)))
                .exec(readBrokerCounts(after))
                .doIfOrElse(session -> broker(before, after).lost() == 0)
                .then(exec(ReceiverEndpoint.allReceived(name, receiver.url())))
                .orElse(exec(ReceiverEndpoint.noneWrong(name + " (the broker counted losses)", receiver.url())));
    }

    /** Creates the subscriptions, notifying {@code receiverUrl}, with whoever runs it sharing the work. */
    public ChainBuilder subscribe(String receiverUrl) {
        return eachSubscription((s, session) -> session.set("subscription", JSON.writeValueAsString(subscriptions.subscription(s, receiverUrl))),
                SubscriptionEndpoints.create("create subscription"));
    }

    /** Sends every subscription's notifications to {@code receiverUrl} instead (Update Subscription). */
    public ChainBuilder redirect(String receiverUrl) {
        return eachSubscription((s, session) -> session.set("fragment", JSON.writeValueAsString(subscriptions.redirect(s, receiverUrl))),
                SubscriptionEndpoints.update("update subscription endpoint"));
    }

    public ChainBuilder unsubscribe() {
        return eachSubscription((s, session) -> session, SubscriptionEndpoints.delete("delete subscription"));
    }

    /** Runs {@code request} once per subscription; the users running it take the next one in turn. */
    private ChainBuilder eachSubscription(BiFunction<Integer, Session, Session> values, HttpRequestActionBuilder request) {
        AtomicInteger next = new AtomicInteger();
        ChainBuilder claim = exec(session -> {
            int s = next.getAndIncrement();
            if (s >= subscriptions.size()) {
                return session.set("claimed", false);
            }
            return values.apply(s, session.set("claimed", true).set("subscriptionId", subscriptions.id(s)));
        });
        return claim.asLongAs(session -> session.getBoolean("claimed")).on(exec(request).exec(claim));
    }

    /**
     * Reads the broker's notification counters and the status of the benchmark's subscriptions,
     * kept under {@code label}.
     */
    public ChainBuilder readBrokerCounts(String label) {
        return exec(MetricsEndpoint.counter("metrics", "tsunagu.notifications", "outcome:sent", "sent"),
                MetricsEndpoint.counter("metrics", "tsunagu.notifications", "outcome:failed", "failed"),
                MetricsEndpoint.counter("metrics", "tsunagu.notifications", "outcome:dropped", "dropped"),
                MetricsEndpoint.counter("metrics", "tsunagu.subscription.changes.dropped", null, "changesDropped"))
                .exec(session -> session.set("offset", 0).set("limit", STATUS_PAGE).set("pageSize", STATUS_PAGE)
                        .set("idPrefix", subscriptions.idPrefix()).set("sumSent", 0L).set("sumFailed", 0L))
                .asLongAs(session -> session.getInt("pageSize") == STATUS_PAGE).on(
                        exec(SubscriptionEndpoints.statusPage("subscription status"))
                                .exec(session -> session.set("offset", session.getInt("offset") + STATUS_PAGE)
                                        .set("sumSent", session.getLong("sumSent") + session.getLong("timesSent"))
                                        .set("sumFailed", session.getLong("sumFailed") + session.getLong("timesFailed"))))
                .exec(session -> {
                    counts.put(label, new Counts((long) session.getDouble("sent"), (long) session.getDouble("failed"),
                            (long) session.getDouble("dropped"), (long) session.getDouble("changesDropped"),
                            session.getLong("sumSent"), session.getLong("sumFailed")));
                    return session;
                });
    }

    /** What the receiver saw in {@code phase}. */
    public NotificationResults.Delivery delivery(String phase) {
        PhaseTally tally = tallies.get(phase);
        return tally == null ? new PhaseTally(phase).summary() : tally.summary();
    }

    /** What the broker counted between the counts read as {@code before} and {@code after}. */
    public NotificationResults.Broker broker(String before, String after) {
        Counts from = counts.get(before);
        Counts to = counts.get(after);
        if (from == null || to == null) {
            return NotificationResults.Broker.UNKNOWN;
        }
        return new NotificationResults.Broker(to.sent() - from.sent(), to.failed() - from.failed(), to.dropped() - from.dropped(),
                to.changesDropped() - from.changesDropped(), to.timesSent(), to.timesFailed());
    }

    /** The current time in microseconds, later than any given before: every write's observedAt is its own. */
    private String sendTime() {
        Instant at = Instant.now();
        long now = at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000;
        long micros = lastSentMicros.accumulateAndGet(now, (last, candidate) -> Math.max(last + 1, candidate));
        return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000).toString();
    }
}
