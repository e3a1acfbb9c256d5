package dev.cairn.cli.internal;

import dev.cairn.projections.RebuildMode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sentence a completed rebuild ends with, fresh and resumed, in place and blue/green.
 */
class RebuildSummaryTest {

    @Test
    void aFreshRebuildNamesTheEventsItCoveredAndHowLongItTook() {
        // Given / When
        String inPlace = RebuildCommand.summary("balances", RebuildMode.IN_PLACE, 5_506, 0, 1, 2.35, 4.7);
        String blueGreen = RebuildCommand.summary("balances", RebuildMode.BLUE_GREEN, 5_506, 0, 2, 1.75, 3.7);

        // Then
        assertThat(inPlace).isEqualTo("Rebuilt projection [balances] in place: 5,506 events in 2.4 s (2,343 events/s; "
                                              + "4.7 s with start-up); version 1 is live.");
        assertThat(blueGreen).isEqualTo("Rebuilt projection [balances] blue/green: version 2 built from 5,506 events "
                                                + "in 1.8 s (3,146 events/s; 3.7 s with start-up) and now live; the "
                                                + "previous version's tokens and collections are kept until 'cairn "
                                                + "projections clean balances'.");
    }

    @Test
    void aResumedRebuildSaysWhereItResumedAndHowLongTheRestTook() {
        // Given a rebuild of 5,732 events resumed at 5,729: 3 events replayed by this command
        // When
        String inPlace = RebuildCommand.summary("balances", RebuildMode.IN_PLACE, 5_732, 5_729, 1, 1.25, 2.0);
        String blueGreen = RebuildCommand.summary("balances", RebuildMode.BLUE_GREEN, 5_732, 5_729, 2, 1.25, 2.0);

        // Then
        assertThat(inPlace).isEqualTo("Rebuilt projection [balances] in place: 5,732 events, resumed at 5,729: the "
                                              + "last 3 in 1.3 s (2 events/s; 2.0 s with start-up); version 1 is "
                                              + "live.");
        assertThat(blueGreen).startsWith("Rebuilt projection [balances] blue/green: version 2 built from 5,732 events, "
                                                 + "resumed at 5,729: the last 3 in 1.3 s (2 events/s; 2.0 s with "
                                                 + "start-up) and now live;")
                             .doesNotContain("from resumed");
    }
}
