package city.tsunagu.load.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GatlingStatsTest {

    /** A report written by the pinned Gatling version: a 2-user smoke run of the ceiling, two requests timed out. */
    @Test
    void readsEachRequestsRowOfTheStatisticsTable() throws Exception {
        GatlingStats stats = GatlingStats.read(Path.of(getClass().getResource("/gatling-3.15/index.html").toURI()).getParent());

        assertThat(stats.request("health check (HTTP ceiling)")).hasValue(
                new GatlingStats.RequestStats(112, 110, 2, 5, 27, 55208));
        assertThat(stats.request("All Requests")).hasValueSatisfying(all -> assertThat(all.ko()).isEqualTo(2));
        assertThat(stats.request("no such request")).isEmpty();
    }
}
