package com.example.startup;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up benchmark runs: one start of each application (the measurement itself is {@link StartupRatio}'s
 * main with more runs; no timing is asserted here).
 */
class StartupRatioTest {

    @Test
    void bothApplicationsStartInChildJvmsAndGiveARatio() throws Exception {
        // given: the class paths this build wrote into target/startup

        // when
        StartupRatio.Result result = StartupRatio.measure(Path.of("target"), 1);

        // then: each started once
        assertThat(result.cairn()).singleElement().isNotNull();
        assertThat(result.jpa()).singleElement().isNotNull();
        assertThat(result.ratio()).isPositive();
    }

    @Test
    void theMedianOfAnEvenNumberOfRunsIsTheMeanOfTheMiddleTwo() {
        // given
        List<Duration> times = List.of(Duration.ofMillis(40), Duration.ofMillis(10), Duration.ofMillis(30),
                                            Duration.ofMillis(20));

        // when
        Duration median = StartupRatio.median(times);

        // then
        assertThat(median).isEqualTo(Duration.ofMillis(25));
    }
}
