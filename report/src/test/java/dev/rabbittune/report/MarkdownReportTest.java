package dev.rabbittune.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownReportTest {

    @Test
    void benchRunsLineUpInOneTableWithAColumnEach() {
        String md = Report.read(List.of(Fixtures.path("bench-confirms.json"), Fixtures.path("bench-no-confirms.json")))
                .markdown();

        assertThat(md).contains("|  | bench-confirms.json | bench-no-confirms.json |")
                .contains("| workload | 1p/1c classic, 100 B, confirm 64, prefetch 200 |")
                .containsPattern("\\| drained \\| yes \\| (yes|no) \\|")
                .containsPattern("\\| latency p50 / p99 / p99.9 / max \\| [0-9.,]+ / [0-9.,]+ / [0-9.,]+ / [0-9.,]+ ms \\|");
    }

    @Test
    void aSweepThatMetNoSloSaysSoAndNamesTheClosest() {
        String md = Report.read(List.of(Fixtures.path("sweep-impossible-slo.json"))).markdown();

        assertThat(md).contains("**No point met the SLO; closest: prefetch=")
                .contains("no point met p99 <= 0.01 ms; the closest was prefetch=")
                .doesNotContain("Recommended:");
    }

    @Test
    void pointsThatDidNotDrainAreMarkedNotEligible() {
        String md = Report.read(List.of(Fixtures.path("sweep-two-axes.json"))).markdown();

        assertThat(md).contains("| prefetch=1 confirm=64 | 3 |").contains("not eligible: a run did not drain")
                .contains("**Recommended: prefetch=100 confirm=64**");
    }

    @Test
    void findingsAreGroupedBySeverityMostUrgentFirst() {
        String md = Report.read(List.of(Fixtures.path("doctor.json"))).markdown();

        assertThat(md.indexOf("### critical")).isLessThan(md.indexOf("### warning"));
        assertThat(md.indexOf("### warning")).isLessThan(md.indexOf("### info"));
        assertThat(md).contains("| `cpu-cores-low` | rabbit@vm |");
    }

    @Test
    void tableCellsCannotBreakTheTableOrCarryHtml() {
        assertThat(MarkdownReport.cell("p99 <= 5 ms")).isEqualTo("p99 <= 5 ms");
        assertThat(MarkdownReport.cell("a|b\n<script>")).isEqualTo("a\\|b<br>&lt;script>");
    }

    @Test
    void codeSpansAndFencesCannotBeClosedByTheirText() {
        assertThat(MarkdownReport.code("prefetch=` <b>x</b>")).isEqualTo("``prefetch=` &lt;b>x&lt;/b>``");
    }

    @Test
    void aMaxRateSweepNamesTheRateSustainedAndMarksItsUnlimitedRun() {
        String md = Report.read(List.of(Fixtures.path("sweep-max-rate.json"))).markdown();

        assertThat(md).containsPattern("\\*\\*Max sustainable rate: the base workload at [0-9,]+ msg/s\\*\\*")
                .contains("| rate=0 | 3 |").contains("the unlimited run its curve starts from");
    }
}
