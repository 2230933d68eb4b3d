package city.tsunagu.load.report;

import static org.assertj.core.api.Assertions.assertThat;

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
}
