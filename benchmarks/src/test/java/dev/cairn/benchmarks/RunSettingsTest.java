package dev.cairn.benchmarks;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunSettingsTest {

    @Test
    void quickWarmsEveryContenderUpForFiveSecondsAndMeasuresThreeInOneSecondRounds() {
        // Given / When
        RunSettings quick = RunSettings.quick();

        // Then
        assertThat(quick.warmUp().multipliedBy(quick.warmUpRounds())).isEqualTo(Duration.ofSeconds(5));
        assertThat(quick.measure().multipliedBy(quick.measureRounds())).isEqualTo(Duration.ofSeconds(3));
        assertThat(quick.measureRounds()).isEqualTo(3);
        // and each of the three measured reads gets a third of the 10 s stream cap
        assertThat(quick.streamCap()).isEqualTo(Duration.ofSeconds(10));
        assertThat(quick.streamCapPerRound()).isEqualTo(Duration.ofNanos(3_333_333_333L));
    }

    @Test
    void withoutAMeasuredRoundTheSettingsAreRejected() {
        // Given / When / Then
        assertThatThrownBy(() -> new RunSettings("broken", Duration.ofSeconds(1), 2, Duration.ofSeconds(1), 0, 4,
                                                 100, Duration.ofSeconds(1), List.of(10), 10, 1, 10, "256m",
                                                 Duration.ofSeconds(1), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("measured round");
        assertThatThrownBy(() -> new RunSettings("broken", Duration.ofSeconds(1), -1, Duration.ofSeconds(1), 3, 4,
                                                 100, Duration.ofSeconds(1), List.of(10), 10, 1, 10, "256m",
                                                 Duration.ofSeconds(1), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("warm-up rounds");
    }
}
