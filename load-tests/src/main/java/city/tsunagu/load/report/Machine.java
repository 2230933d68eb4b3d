package city.tsunagu.load.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where a run happened: processors, CPU model, Java, and the load average at the end of the run. */
record Machine(int processors, String cpuModel, String java, String loadAverage) {

    static Machine describe() {
        return new Machine(Runtime.getRuntime().availableProcessors(), readCpuModel(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                read("/proc/loadavg").map(l -> String.join(" / ", List.of(l.split(" ")).subList(0, 3))).orElse("unknown"));
    }

    String markdown() {
        return "`nproc` = " + processors + ", CPU \"" + cpuModel + "\", " + java + " (hub, store and Gatling alike), "
                + "load average (1 / 5 / 15 min) at the end of the run: " + loadAverage + ".";
    }

    private static String readCpuModel() {
        return read("/proc/cpuinfo").flatMap(info -> info.lines()
                        .filter(l -> l.startsWith("model name"))
                        .map(l -> l.substring(l.indexOf(':') + 1).strip())
                        .findFirst())
                .orElse("unknown");
    }

    private static Optional<String> read(String file) {
        try {
            return Optional.of(Files.readString(Path.of(file)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
