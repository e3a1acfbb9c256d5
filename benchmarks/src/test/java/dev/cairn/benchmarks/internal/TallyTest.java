package dev.cairn.benchmarks.internal;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TallyTest {

    @Test
    void theRateIsTotalEventsOverTotalMeasuredTimeNotTheMeanOfRoundRates() {
        // Given a fast round (1,000 events in 0.1 s) and a slow one (1,000 events in 0.9 s)
        Tally tally = Tally.empty()
                           .plus(1_000, 100_000_000L, new CommandCounter.Counts(Map.of("insert", 10L)), true)
                           .plus(1_000, 900_000_000L, new CommandCounter.Counts(Map.of("insert", 30L,
                                                                                       "findAndModify", 2L)), true);

        // When / Then the rate is 2,000 events / 1 s, not the mean of 10,000/s and 1,111/s
        assertThat(tally.rounds()).isEqualTo(2);
        assertThat(tally.eventsPerSecond()).isEqualTo(2_000.0);
        // and the commands are summed name by name
        assertThat(tally.commands().byName()).containsExactlyInAnyOrderEntriesOf(Map.of("insert", 40L,
                                                                                        "findAndModify", 2L));
        assertThat(tally.commandsPerEvent()).isEqualTo(42 / 2_000.0);
        assertThat(tally.complete()).isTrue();
    }

    @Test
    void oneRoundStoppedAtItsCapMakesTheTallyPartial() {
        // Given a complete round and one stopped at its cap
        Tally tally = Tally.empty()
                           .plus(500, 1_000_000L, CommandCounter.Counts.none(), true)
                           .plus(20, 1_000_000L, CommandCounter.Counts.none(), false);

        // When / Then
        assertThat(tally.complete()).isFalse();
        assertThat(tally.events()).isEqualTo(520);
    }
}
