package city.tsunagu.load.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CPU time the hub and the store processes (started by the bench as separate processes, their
 * pids in {@code hub.pid} and {@code store.pid} of the work directory) spend during each
 * simulation, read from the operating system's accounting of each process
 * ({@link ProcessHandle.Info#totalCpuDuration()}): a simulation marks its start and end in
 * {@code cpu.csv}, and the report divides the difference by the simulation's requests. With a hub
 * given by URL there are no pids and nothing is marked.
 */
public final class ProcessCpu {
    static final String FILE = "cpu.csv";

    /** CPU time of the hub and the store over one simulation. */
    public record Usage(Duration hub, Duration store) {
        /** Milliseconds of CPU per request, for {@code requests} requests. */
        public double hubMillisPerRequest(long requests) {
            return hub.toNanos() / 1e6 / requests;
        }

        public double storeMillisPerRequest(long requests) {
            return store.toNanos() / 1e6 / requests;
        }
    }

    private ProcessCpu() {
    }

    /** Appends the processes' CPU times now, as the {@code event} (start or end) of {@code simulation}. */
    public static synchronized void mark(Path workDir, String simulation, String event) {
        Optional<Duration> hub = cpu(workDir.resolve("hub.pid"));
        Optional<Duration> store = cpu(workDir.resolve("store.pid"));
        if (hub.isEmpty() || store.isEmpty()) {
            return;
        }
        String line = simulation + "," + event + "," + hub.get().toNanos() + "," + store.get().toNanos() + "\n";
        try {
            Files.writeString(workDir.resolve(FILE), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Per simulation, the CPU between its last start and the end after it. */
    public static Map<String, Usage> read(Path workDir) throws IOException {
        Path file = workDir.resolve(FILE);
        Map<String, Usage> usage = new HashMap<>();
        if (!Files.exists(file)) {
            return usage;
        }
        Map<String, long[]> started = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            List<String> cells = List.of(line.split(","));
            if (cells.size() != 4) {
                continue;
            }
            long[] times = {Long.parseLong(cells.get(2)), Long.parseLong(cells.get(3))};
            if (cells.get(1).equals("start")) {
                started.put(cells.get(0), times);
            } else if (started.containsKey(cells.get(0))) {
                long[] start = started.remove(cells.get(0));
                usage.put(cells.get(0), new Usage(Duration.ofNanos(times[0] - start[0]), Duration.ofNanos(times[1] - start[1])));
            }
        }
        return usage;
    }

    /** The CPU time used so far by the process whose pid is in {@code pidFile}. */
    static Optional<Duration> cpu(Path pidFile) {
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            return ProcessHandle.of(pid).flatMap(process -> process.info().totalCpuDuration());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
