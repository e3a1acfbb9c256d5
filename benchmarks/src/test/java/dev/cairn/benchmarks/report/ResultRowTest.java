package dev.cairn.benchmarks.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResultRowTest {

    @Test
    void throughputTargetsCompareCairnWithAMultipleOfTheBaseline() {
        // Given Cairn at 1,200 events/s, raw at 1,000 and axon-mongo at 1,000
        ResultRow row = ResultRow.of("append-1", "events/s", Better.HIGHER, 1_200.0, 1_000.0, 1_000.0)
                                 .withTarget(Target.atLeast(1.0, Target.Reference.RAW))
                                 .withTarget(Target.atLeast(1.5, Target.Reference.AXON_MONGO));

        // When the verdicts are taken
        List<String> verdicts = row.verdicts();

        // Then the first target is met and the second reaches 1,200 / 1,500 = 80% of what it needs
        assertThat(verdicts).containsExactly("met", "MISSED (reaches 80%)");
        assertThat(row.ratioVsRaw()).isEqualTo(1.2);
        assertThat(row.ratioVsAxonMongo()).isEqualTo(1.2);
    }

    @Test
    void upperBoundsSayHowFarOverTheyAre() {
        // Given two server commands per event against a bound of one
        ResultRow row = ResultRow.of("append-1", "commands/event", Better.LOWER, 2.0, 1.0, null)
                                 .withTarget(Target.atMost(1.0, Target.Reference.ABSOLUTE, "cmd/event"));

        // When / Then the verdict says it is twice the bound, and a missing baseline has no ratio
        assertThat(row.verdicts()).containsExactly("MISSED (2.00x over)");
        assertThat(row.ratioVsAxonMongo()).isNull();
        assertThat(TableFormatter.cells(row)).hasSize(Report.COLUMNS.size())
                                             .contains("2.00x", "n/a", "<= 1 cmd/event");
    }

    @Test
    void aTargetWithoutCairnsFigureIsNotApplicable() {
        // Given a row Cairn was not measured for
        ResultRow row = ResultRow.of("heap", "completes", Better.HIGHER, null, 1.0, null)
                                 .withTarget(Target.completes());

        // When / Then the verdict is n/a rather than met or missed
        assertThat(row.verdicts()).containsExactly("n/a");
    }
}
