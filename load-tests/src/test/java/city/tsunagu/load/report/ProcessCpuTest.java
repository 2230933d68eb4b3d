package city.tsunagu.load.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCpuTest {
    @TempDir
    Path workDir;

    @Test
    void theCpuOfTheNamedProcessesBetweenStartAndEndIsRead() throws Exception {
        // this JVM stands for both processes
        String pid = Long.toString(ProcessHandle.current().pid());
        Files.writeString(workDir.resolve("hub.pid"), pid + "\n");
        Files.writeString(workDir.resolve("store.pid"), pid);

        ProcessCpu.mark(workDir, "GetEntitySimulation", "start");
        long end = System.nanoTime() + Duration.ofMillis(300).toNanos();
        double sink = 0;
        while (System.nanoTime() < end) {
            sink += Math.sqrt(sink + 1);
        }
        ProcessCpu.mark(workDir, "GetEntitySimulation", "end");

        ProcessCpu.Usage usage = ProcessCpu.read(workDir).get("GetEntitySimulation");
        assertThat(sink).isPositive();
        // the OS accounts in clock ticks: at least some of the 300 ms spun here
        assertThat(usage.hub()).isGreaterThan(Duration.ofMillis(50)).isEqualTo(usage.store());
    }

    @Test
    void eachSimulationIsMeasuredFromItsLastStartAndUnfinishedOnesAreLeftOut() throws Exception {
        Files.writeString(workDir.resolve(ProcessCpu.FILE), String.join("\n",
                "A,start,1000000,5000000",
                "A,start,2000000,6000000",
                "A,end,5000000,10000000",
                "B,start,0,0",
                ""));

        var usage = ProcessCpu.read(workDir);

        assertThat(usage).containsOnlyKeys("A");
        assertThat(usage.get("A").hub()).isEqualTo(Duration.ofMillis(3));
        assertThat(usage.get("A").hubMillisPerRequest(1_000)).isEqualTo(0.003);
        assertThat(usage.get("A").storeMillisPerRequest(2)).isEqualTo(2.0);
    }

    @Test
    void withoutPidFilesNothingIsMarked() throws Exception {
        ProcessCpu.mark(workDir, "A", "start");

        assertThat(workDir.resolve(ProcessCpu.FILE)).doesNotExist();
        assertThat(ProcessCpu.read(workDir)).isEmpty();
    }
}
