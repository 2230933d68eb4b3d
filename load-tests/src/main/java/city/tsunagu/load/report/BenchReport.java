package city.tsunagu.load.report;

import city.tsunagu.load.config.LoadConfig;
import city.tsunagu.load.config.Workload;
import city.tsunagu.load.notifications.NotificationResults;
import city.tsunagu.load.store.StoreOperation;
import city.tsunagu.load.store.StoreResults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The summary of a run: per workload its throughput over the measured duration, p50/p95/p99,
 * errors (warm-up included), and its throughput as a share of the two ceilings measured in the
 * same run — the HTTP ceiling (the info endpoint) and the store ceiling (the same store operations
 * through the driver, at the same concurrency). Written to {@code summary.md} beside Gatling's
 * reports and, with {@code load.docs}, into that file's benchmark section, which it replaces.
 */
public final class BenchReport {
    static final String BEGIN = "<!-- bench:begin (written by ./tsunagu bench; replaced on every run) -->";
    static final String END = "<!-- bench:end -->";

    /** One workload's line of the table. */
    record Line(Workload workload, GatlingStats.RequestStats measured, long errors, double requestsPerSecond,
                Optional<Cpu> cpu) {
        Line(Workload workload, GatlingStats.RequestStats measured, long errors, double requestsPerSecond) {
            this(workload, measured, errors, requestsPerSecond, Optional.empty());
        }
    }

    /** The hub's and the store's CPU milliseconds per request over a whole simulation (warm-up included). */
    record Cpu(double hubMillis, double storeMillis) {
    }

    private BenchReport() {
    }

    public static void main(String[] args) throws IOException {
        LoadConfig config = LoadConfig.fromSystemProperties();
        Path results = Path.of(System.getProperty("load.resultsDir", "target/gatling"));
        Path workDir = Path.of(System.getProperty("load.workDir", "target/load"));
        Map<Workload, Line> lines = new EnumMap<>(Workload.class);
        Map<String, ProcessCpu.Usage> cpu = ProcessCpu.read(workDir);
        for (Workload workload : Workload.values()) {
            Optional<GatlingStats> report = latestReport(results, workload);
            if (report.isPresent()) {
                lines.put(workload, line(workload, config, report.get(), Optional.ofNullable(cpu.get(workload.simulation()))));
            }
        }
        if (lines.isEmpty()) {
            throw new IllegalStateException("no Gatling report of any simulation in " + results);
        }
        Optional<Map<StoreOperation, StoreResults.Result>> store = StoreResults.read(workDir.resolve("store-ceiling.json"));
        Optional<NotificationResults.Run> notifications = NotificationResults.read(workDir);
        String section = section(config, lines, store, notifications, Machine.describe(), ZonedDateTime.now(ZoneOffset.UTC));
        Files.writeString(results.resolve("summary.md"), section);
        System.out.println(section);
        String docs = System.getProperty("load.docs", "");
        if (!docs.isBlank()) {
            Path file = Path.of(docs);
            Files.writeString(file, replaceSection(Files.readString(file), section));
            System.out.println("Benchmark section of " + file + " replaced");
        }
    }

    /** A workload's line; its CPU per request when its simulation ran it alone and the processes' CPU was read. */
    static Line line(Workload workload, LoadConfig config, GatlingStats stats, Optional<ProcessCpu.Usage> usage) {
        GatlingStats.RequestStats measured = stats.request(workload.requestName())
                .orElseThrow(() -> new IllegalStateException("no request \"" + workload.requestName() + "\" in the report of " + workload.simulation()));
        Optional<GatlingStats.RequestStats> all = stats.request("All Requests");
        long errors = all.map(GatlingStats.RequestStats::ko).orElse(measured.ko());
        Optional<Cpu> cpu = usage.filter(u -> all.isPresent() && all.get().total() > 0)
                .map(u -> new Cpu(u.hubMillisPerRequest(all.get().total()), u.storeMillisPerRequest(all.get().total())));
        return new Line(workload, measured, errors, measured.ok() / (config.duration().toMillis() / 1000.0), cpu);
    }

    /**
     * The newest report of the workload's simulation (Gatling names it simulation-timestamp), or
     * empty when that simulation did not run (./tsunagu bench --simulation runs only one).
     */
    static Optional<GatlingStats> latestReport(Path results, Workload workload) throws IOException {
        String prefix = workload.simulation().toLowerCase(Locale.ROOT) + "-";
        try (Stream<Path> dirs = Files.list(results)) {
            Optional<Path> dir = dirs.filter(d -> d.getFileName().toString().startsWith(prefix))
                    .max(Comparator.comparing(d -> d.getFileName().toString()));
            return dir.isPresent() ? Optional.of(GatlingStats.read(dir.get())) : Optional.empty();
        }
    }

    static String section(LoadConfig config, Map<Workload, Line> lines, Optional<Map<StoreOperation, StoreResults.Result>> store,
                          Optional<NotificationResults.Run> notifications, Machine machine, ZonedDateTime when) {
        // 0 when the ceiling did not run: its ratios are then "—"
        double httpCeiling = lines.containsKey(Workload.HTTP_CEILING) ? lines.get(Workload.HTTP_CEILING).requestsPerSecond() : 0;
        StringBuilder md = new StringBuilder();
        md.append(BEGIN).append("\n");
        md.append("## `./tsunagu bench`: latest run\n\n");
        md.append("Run on ").append(when.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
                .append(": profile **").append(config.profile()).append("**, scale **").append(config.scale())
                .append("** (entities loaded through Batch Upsert), ").append(config.users()).append(" concurrent users (one keep-alive connection each), ")
                .append(config.duration().toSeconds()).append(" s measured per workload after ")
                .append(config.warmup().toSeconds()).append(" s of warm-up, against ").append(config.hub()).append(".\n\n");
        md.append("Machine: ").append(machine.markdown()).append("\n\n");
        md.append("| workload | requests | throughput | p50 | p95 | p99 | errors | ÷ HTTP ceiling | store ceiling | ÷ store ceiling "
                + "| hub CPU / req | store CPU / req |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Line line : lines.values()) {
            Workload w = line.workload();
            md.append("| ").append(w.requestName())
                    .append(" | ").append(String.format(Locale.ROOT, "%,d", line.measured().ok()))
                    .append(" | ").append(throughput(line.requestsPerSecond(), w.entitiesPerRequest()))
                    .append(" | ").append(ms(line.measured().p50()))
                    .append(" | ").append(ms(line.measured().p95()))
                    .append(" | ").append(ms(line.measured().p99()))
                    .append(" | ").append(line.errors())
                    .append(" | ").append(w == Workload.HTTP_CEILING ? "—" : ratio(line.requestsPerSecond(), httpCeiling));
            Optional<StoreResults.Result> op = w.storeCeiling().flatMap(o -> store.map(s -> s.get(o)));
            if (op.isPresent()) {
                md.append(" | ").append(throughput(op.get().opsPerSecond(), w.entitiesPerRequest()).replace("req/s", "ops/s"))
                        .append(" | ").append(ratio(line.requestsPerSecond(), op.get().opsPerSecond()));
            } else {
                md.append(" | — | —");
            }
            md.append(line.cpu().map(c -> " | " + cpuMillis(c.hubMillis()) + " | " + cpuMillis(c.storeMillis())).orElse(" | — | —"))
                    .append(" |\n");
        }
        md.append("\nThroughput counts the answers of the measured duration; percentiles are Gatling's, in ms; errors count\n")
                .append("every failed request of the simulation, warm-up included. CPU per request: the CPU time the hub process and\n")
                .append("the store process (separate processes) used over the whole simulation, warm-up included, by the operating\n")
                .append("system's accounting, divided by the simulation's requests; for a workload that shares its simulation with others\n")
                .append("(the fan-out phases) or a hub given by URL it is not measured (—). Store ceiling: ");
        if (store.isPresent()) {
            md.append(String.join("; ", List.of(StoreOperation.values()).stream()
                    .filter(o -> store.get().containsKey(o))
                    .map(o -> o.description() + " (" + store.get().get(o).errors() + " errors)")
                    .toList()));
            md.append(", issued by the benchmark through the MongoDB driver with as many threads as users, on the hub's store and data.\n");
        } else {
            md.append("not measured (the hub was given by URL without its store's URI).\n");
        }
        List<String> notRun = List.of(Workload.values()).stream().filter(w -> !lines.containsKey(w)).map(Workload::requestName).toList();
        if (!notRun.isEmpty()) {
            md.append("Not run this time (`--simulation`): ").append(String.join("; ", notRun)).append(".\n");
        }
        if (lines.containsKey(Workload.SPEED_NO_SUBSCRIPTIONS)) {
            notifications.ifPresent(run -> md.append(subscriptionTable(lines, run)));
        }
        md.append(END).append("\n");
        return md.toString();
    }

    /**
     * The subscription fan-out's three phases: the same stream of writes without subscriptions,
     * with subscriptions notifying a receiver that answers, and with one that never answers.
     */
    static String subscriptionTable(Map<Workload, Line> lines, NotificationResults.Run run) {
        List<Workload> phases = List.of(Workload.SPEED_NO_SUBSCRIPTIONS, Workload.SPEED_NOTIFYING, Workload.SPEED_RECEIVER_SILENT);
        double baseline = lines.get(Workload.SPEED_NO_SUBSCRIPTIONS).requestsPerSecond();
        StringBuilder md = new StringBuilder("\n### Subscription fan-out\n\n");
        md.append("| phase | subscriptions (endpoints) | writes | ÷ no subscriptions | notifications triggered | received "
                + "| delivered | p50 delay | p99 delay | broker: sent / failed / dropped, changes not matched "
                + "| status: timesSent / timesFailed |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (int i = 0; i < phases.size() && i < run.phases().size(); i++) {
            NotificationResults.Phase phase = run.phases().get(i);
            NotificationResults.Delivery d = phase.delivery();
            NotificationResults.Broker b = phase.broker();
            double writes = lines.get(phases.get(i)).requestsPerSecond();
            boolean notified = phase.subscriptions() > 0;
            boolean answered = notified && d.received() > 0;
            md.append("| ").append(phase.name())
                    .append(" | ").append(notified ? String.format(Locale.ROOT, "%,d (%d)", phase.subscriptions(), phase.endpoints()) : "0")
                    .append(" | ").append(String.format(Locale.ROOT, "%,.0f req/s", writes))
                    .append(" | ").append(i == 0 ? "—" : ratio(writes, baseline))
                    .append(" | ").append(notified ? String.format(Locale.ROOT, "%,d", d.expected()) : "—")
                    .append(" | ").append(notified ? String.format(Locale.ROOT, "%,d", d.received()) : "—")
                    .append(" | ").append(answered ? String.format(Locale.ROOT, "%,.0f /s", d.perSecond()) : "—")
                    .append(" | ").append(answered ? ms(d.p50()) : "—")
                    .append(" | ").append(answered ? ms(d.p99()) : "—")
                    .append(" | ").append(notified ? String.format(Locale.ROOT, "%,d / %,d / %,d, %,d", b.sent(), b.failed(), b.dropped(),
                            b.changesDropped()) : "—")
                    .append(" | ").append(notified ? String.format(Locale.ROOT, "%,d / %,d", b.timesSent(), b.timesFailed()) : "—")
                    .append(" |\n");
        }
        NotificationResults.Phase silent = run.phases().get(run.phases().size() - 1);
        md.append("\nThe same stream of writes (`PATCH` of a bus's `speed` with `observedAt` = the time of sending) in three phases ")
                .append("of one run; subscriptions as in `CitySubscriptions` (apps following buses, dashboards watching congestion ")
                .append("per district). Triggered: the notifications the writes call for, counted by the benchmark. Delivered: ")
                .append("notifications received per second within the measured duration; delays from a write's send time to ")
                .append("its notification's receipt (same clock), for the writes of the measured duration. Broker counts: the ")
                .append("increase of `tsunagu.notifications` (outcome sent, failed, dropped) and ")
                .append("`tsunagu.subscription.changes.dropped` over the phase; status: the sums over the subscriptions at its end. ")
                .append(String.format(Locale.ROOT, "The receiver that never answers had %d connections open to it.%n", silent.connections()));
        return md.toString();
    }

    /** {@code docs} with its benchmark section replaced by {@code section}, or with the section appended. */
    static String replaceSection(String docs, String section) {
        int begin = docs.indexOf(BEGIN);
        int end = docs.indexOf(END);
        if (begin < 0 || end < begin) {
            return docs + (docs.endsWith("\n") ? "\n" : "\n\n") + section;
        }
        int after = end + END.length();
        if (after < docs.length() && docs.charAt(after) == '\n') {
            after++;
        }
        return docs.substring(0, begin) + section + docs.substring(after);
    }

    private static String throughput(double requestsPerSecond, int entitiesPerRequest) {
        String rate = String.format(Locale.ROOT, "%,.0f req/s", requestsPerSecond);
        return entitiesPerRequest == 1 ? rate
                : rate + String.format(Locale.ROOT, " (%,.0f entities/s)", requestsPerSecond * entitiesPerRequest);
    }

    private static String cpuMillis(double millis) {
        return String.format(Locale.ROOT, "%.2f ms", millis);
    }

    private static String ms(double millis) {
        return String.format(Locale.ROOT, "%,.0f ms", millis);
    }

    private static String ratio(double value, double ceiling) {
        return ceiling > 0 ? String.format(Locale.ROOT, "%.0f %%", 100 * value / ceiling) : "—";
    }
}
