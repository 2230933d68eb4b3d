package city.tsunagu.load.report;

import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.load.config.LoadConfig;
import city.tsunagu.load.config.Workload;
import city.tsunagu.load.notifications.NotificationResults;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BenchReportTest {
    private static final String SECTION = BenchReport.BEGIN + "\nnew table\n" + BenchReport.END + "\n";

    @Test
    void replacesOnlyItsOwnSection() {
        String docs = "# Benchmarks\n\nbefore\n\n" + BenchReport.BEGIN + "\nold table\n" + BenchReport.END + "\n\nafter\n";

        assertThat(BenchReport.replaceSection(docs, SECTION))
                .isEqualTo("# Benchmarks\n\nbefore\n\n" + SECTION + "\nafter\n");
    }

    @Test
    void appendsTheSectionWhereThereIsNoneYet() {
        assertThat(BenchReport.replaceSection("# Benchmarks\n", SECTION)).isEqualTo("# Benchmarks\n\n" + SECTION);
    }

    @Test
    void theFanOutTableComparesEachPhasesWritesWithTheBaselineOfTheSameRun() {
        Map<Workload, BenchReport.Line> lines = new EnumMap<>(Workload.class);
        lines.put(Workload.SPEED_NO_SUBSCRIPTIONS, line(Workload.SPEED_NO_SUBSCRIPTIONS, 1_000));
        lines.put(Workload.SPEED_NOTIFYING, line(Workload.SPEED_NOTIFYING, 800));
        lines.put(Workload.SPEED_RECEIVER_SILENT, line(Workload.SPEED_RECEIVER_SILENT, 950));
        NotificationResults.Delivery none = new NotificationResults.Delivery(0, 0, 0, 0, 30, 0, 0, 0, 0, 0);
        NotificationResults.Run run = new NotificationResults.Run(List.of(
                new NotificationResults.Phase("no subscriptions", 0, 0, "none", none, NotificationResults.Broker.UNKNOWN, 0),
                new NotificationResults.Phase("receiver answers", 1_000, 15, "answers 204",
                        new NotificationResults.Delivery(12_000, 12_000, 0, 0, 30, 400, 11_000, 4.2, 48.9, 120),
                        new NotificationResults.Broker(12_000, 0, 0, 0, 12_000, 0), 0),
                new NotificationResults.Phase("receiver never answers", 1_000, 15, "never answers",
                        new NotificationResults.Delivery(14_000, 0, 0, 0, 30, 0, 0, 0, 0, 0),
                        new NotificationResults.Broker(0, 30, 13_000, 0, 30, 13_030), 15)));

        String table = BenchReport.subscriptionTable(lines, run);

        assertThat(table).contains("| no subscriptions | 0 | 1,000 req/s | — | — | — | — | — | — | — | — |")
                .contains("| receiver answers | 1,000 (15) | 800 req/s | 80 % | 12,000 | 12,000 | 400 /s | 4 ms | 49 ms "
                        + "| 12,000 / 0 / 0, 0 | 12,000 / 0 |")
                .contains("| receiver never answers | 1,000 (15) | 950 req/s | 95 % | 14,000 | 0 | — | — | — | 0 / 30 / 13,000, 0 "
                        + "| 30 / 13,030 |")
                .contains("had 15 connections open to it");
    }

    @Test
    void cpuPerRequestIsShownWhereItWasMeasured() {
        Map<Workload, BenchReport.Line> lines = new EnumMap<>(Workload.class);
        GatlingStats.RequestStats measured = new GatlingStats.RequestStats(30_000, 30_000, 0, 5, 10, 20);
        lines.put(Workload.PATCH_ATTRIBUTE, new BenchReport.Line(Workload.PATCH_ATTRIBUTE, measured, 0, 1_000,
                Optional.of(new BenchReport.Cpu(0.754, 1.2))));
        lines.put(Workload.GET_ENTITY, new BenchReport.Line(Workload.GET_ENTITY, measured, 0, 1_000));

        String section = BenchReport.section(config(), lines, Optional.empty(), Optional.empty(),
                Machine.describe(), ZonedDateTime.now());

        assertThat(section).contains("| hub CPU / req | store CPU / req |")
                .containsPattern("\\| PATCH one attribute \\|.*\\| 0\\.75 ms \\| 1\\.20 ms \\|\n")
                .containsPattern("\\| get entity by id \\|.*\\| — \\| — \\|\n");
    }

    @Test
    void aWorkloadLineDividesTheSimulationsCpuByAllItsRequests() {
        GatlingStats.RequestStats all = new GatlingStats.RequestStats(4_000, 4_000, 0, 5, 10, 20);
        GatlingStats.RequestStats measured = new GatlingStats.RequestStats(3_000, 3_000, 0, 5, 10, 20);
        GatlingStats stats = GatlingStats.of(Map.of("All Requests", all, Workload.GET_ENTITY.requestName(), measured));

        BenchReport.Line line = BenchReport.line(Workload.GET_ENTITY, config(), stats,
                Optional.of(new ProcessCpu.Usage(Duration.ofMillis(2_000), Duration.ofMillis(1_000))));

        assertThat(line.cpu()).contains(new BenchReport.Cpu(0.5, 0.25));
        assertThat(BenchReport.line(Workload.GET_ENTITY, config(), stats, Optional.empty()).cpu()).isEmpty();
    }

    private static LoadConfig config() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("load.url", "http://127.0.0.1:1026/");
        return LoadConfig.from(p);
    }

    /** A workload's line with {@code perSecond} requests per second. */
    private static BenchReport.Line line(Workload workload, double perSecond) {
        return new BenchReport.Line(workload, new GatlingStats.RequestStats((long) perSecond * 30, (long) perSecond * 30, 0, 5, 10, 20),
                0, perSecond);
    }
}
