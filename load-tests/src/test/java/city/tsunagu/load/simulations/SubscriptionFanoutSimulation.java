package city.tsunagu.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import city.tsunagu.load.config.LoadConfig;
import city.tsunagu.load.config.Workload;
import city.tsunagu.load.data.CitySubscriptions;
import city.tsunagu.load.data.KanazawaCity;
import city.tsunagu.load.endpoints.Ngsild;
import city.tsunagu.load.journeys.SubscriptionJourneys;
import city.tsunagu.load.notifications.NotificationReceiver;
import city.tsunagu.load.notifications.NotificationResults;
import city.tsunagu.load.notifications.SilentReceiver;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Subscription fan-out (issues 4 and 5): one stream of writes — buses reporting their speed,
 * {@code PATCH /entities/{id}/attrs/speed} with {@code observedAt} set to the time of sending —
 * in three phases of the same run, so that their throughputs compare:
 * <ol>
 *   <li>no subscriptions (the baseline);</li>
 *   <li>{@code load.subscriptions} subscriptions ({@link CitySubscriptions}: apps following buses,
 *       dashboards watching congestion per district) notifying a receiver in this JVM that
 *       answers 204: every notification the writes trigger must arrive, once, and as its
 *       subscription asked (a failed request otherwise) — all of them unless the broker counted
 *       some as lost, which the summary then shows — and the receiver measures each one's delay
 *       from the write's send time;</li>
 *   <li>the same subscriptions sent (Update Subscription) to a receiver that accepts connections
 *       and never answers: the writes must not slow down, and what the broker counts as failed
 *       or dropped is read from its metrics and the subscriptions' status.</li>
 * </ol>
 * The subscriptions are deleted at the end. Notifications the broker still holds for the silent
 * receiver keep it busy for a while after the run, which is why this simulation runs last (Gatling
 * runs them in the order of their class names). The phases' figures go to
 * {@code notifications.json} in {@code load.workDir} for the report.
 */
public class SubscriptionFanoutSimulation extends Simulation {
    static final String NONE = "no subscriptions";
    static final String ANSWERED = "receiver answers";
    static final String SILENT = "receiver never answers";

    private final LoadConfig config = LoadConfig.fromSystemProperties();
    private final CitySubscriptions subscriptions;
    private final NotificationReceiver receiver;
    private final SilentReceiver silent;
    private final SubscriptionJourneys journeys;

    public SubscriptionFanoutSimulation() {
        KanazawaCity city = new KanazawaCity(config.scale().entities());
        subscriptions = new CitySubscriptions(city, config.subscriptions(), Long.toString(System.currentTimeMillis(), 36));
        try {
            receiver = NotificationReceiver.start();
            silent = SilentReceiver.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        journeys = new SubscriptionJourneys(city, subscriptions, receiver);
        int setupUsers = Math.min(8, config.users());
        Duration phase = config.warmup().plus(config.duration());
        Duration drain = Duration.ofSeconds(Math.max(60, phase.toSeconds()));

        List<PopulationBuilder> steps = List.of(
                once("prepare", journeys.startPhase(NONE).exec(journeys.readBrokerCounts("before " + NONE))),
                stream(Workload.SPEED_NO_SUBSCRIPTIONS, false),
                once("check " + NONE, journeys.awaitNotifications("notifications: none", drain, "before " + NONE, "after " + NONE)),
                shared("subscribe", setupUsers, journeys.subscribe(receiver.url())),
                once("prepare " + ANSWERED, journeys.startPhase(ANSWERED).exec(journeys.readBrokerCounts("before " + ANSWERED))),
                stream(Workload.SPEED_NOTIFYING, true),
                once("check " + ANSWERED, journeys.awaitNotifications("notifications: all received", drain,
                        "before " + ANSWERED, "after " + ANSWERED)),
                shared("redirect", setupUsers, journeys.redirect(silent.url())),
                once("prepare " + SILENT, journeys.startPhase(SILENT).exec(journeys.readBrokerCounts("before " + SILENT))),
                stream(Workload.SPEED_RECEIVER_SILENT, true),
                once("check " + SILENT, journeys.readBrokerCounts("after " + SILENT)),
                shared("unsubscribe", setupUsers, journeys.unsubscribe()));
        PopulationBuilder run = steps.get(steps.size() - 1);
        for (int i = steps.size() - 2; i >= 0; i--) {
            run = steps.get(i).andThen(run);
        }
        setUp(run)
                .protocols(Ngsild.protocol(config))
                // a hung request must end the run, not hold it forever
                .maxDuration(phase.plus(drain).multipliedBy(3).plus(Duration.ofMinutes(10)))
                .assertions(global().failedRequests().count().is(0L));
    }

    /**
     * One phase's stream: every user writes through the warm-up, then through the measured
     * duration. A write whose record was fed is always sent (no exit in the middle of a loop's
     * turn), as the receiver expects its notifications from the moment it is fed.
     */
    private PopulationBuilder stream(Workload workload, boolean expecting) {
        ScenarioBuilder scenario = scenario(workload.requestName());
        if (!config.warmup().isZero()) {
            scenario = scenario.during(config.warmup(), false).on(journeys.reportSpeed(workload.warmupName(), expecting));
        }
        scenario = scenario.exec(journeys.measureFrom())
                .during(config.duration(), false).on(journeys.reportSpeed(workload.requestName(), expecting))
                .exec(journeys.measureUntil());
        return scenario.injectOpen(atOnceUsers(config.users()));
    }

    private static PopulationBuilder once(String name, ChainBuilder steps) {
        return shared(name, 1, steps);
    }

    private static PopulationBuilder shared(String name, int users, ChainBuilder steps) {
        return scenario(name).exec(steps).injectOpen(atOnceUsers(users));
    }

    @Override
    public void after() {
        try {
            NotificationResults.write(Path.of(System.getProperty("load.workDir", "target/load")), new NotificationResults.Run(List.of(
                    new NotificationResults.Phase(NONE, 0, 0, "none", journeys.delivery(NONE),
                            journeys.broker("before " + NONE, "after " + NONE), 0),
                    new NotificationResults.Phase(ANSWERED, subscriptions.size(), subscriptions.endpoints(), "answers 204",
                            journeys.delivery(ANSWERED), journeys.broker("before " + ANSWERED, "after " + ANSWERED), 0),
                    new NotificationResults.Phase(SILENT, subscriptions.size(), subscriptions.endpoints(), "never answers",
                            journeys.delivery(SILENT), journeys.broker("before " + SILENT, "after " + SILENT), silent.accepted()))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            receiver.close();
            try {
                silent.close();
            } catch (IOException e) {
                // the run is over; a socket that does not close changes nothing
            }
        }
    }
}
