package city.tsunagu.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import city.tsunagu.load.config.LoadConfig;
import city.tsunagu.load.config.Workload;
import city.tsunagu.load.endpoints.Ngsild;
import city.tsunagu.load.journeys.CityJourneys;
import city.tsunagu.load.report.ProcessCpu;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BiFunction;

/**
 * One workload at the configured concurrency: {@code load.users} users, each with its own
 * keep-alive connection, send one request after the other — first for the warm-up (requests
 * named "warm-up: …", left out of the summary), then for the measured duration. Every profile
 * asserts that no request failed, and none asserts timings: those are reported, not tested. The
 * hub's and the store's CPU time are read at the start and the end ({@link ProcessCpu}).
 */
abstract class WorkloadSimulation extends Simulation {
    private final Path workDir = Path.of(System.getProperty("load.workDir", "target/load"));
    private final String name = getClass().getSimpleName();

    WorkloadSimulation(Workload workload, BiFunction<CityJourneys, String, ChainBuilder> step) {
        LoadConfig config = LoadConfig.fromSystemProperties();
        CityJourneys journeys = new CityJourneys(config);
        ScenarioBuilder scenario = scenario(workload.requestName());
        if (!config.warmup().isZero()) {
            scenario = scenario.during(config.warmup()).on(step.apply(journeys, workload.warmupName()));
        }
        scenario = scenario.during(config.duration()).on(step.apply(journeys, workload.requestName()));
        setUp(scenario.injectOpen(atOnceUsers(config.users())))
                .protocols(Ngsild.protocol(config))
                // a hung request must end the run, not hold it forever
                .maxDuration(config.warmup().plus(config.duration()).plus(Duration.ofMinutes(2)))
                .assertions(global().failedRequests().count().is(0L));
    }

    @Override
    public void before() {
        ProcessCpu.mark(workDir, name, "start");
    }

    @Override
    public void after() {
        ProcessCpu.mark(workDir, name, "end");
    }
}
