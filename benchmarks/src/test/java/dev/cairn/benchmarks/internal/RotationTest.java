package dev.cairn.benchmarks.internal;

import dev.cairn.benchmarks.Contender;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RotationTest {

    private static final List<Contender> CONTENDERS = List.of(Contender.values());

    @Test
    void eachRoundStartsWithTheNextContender() {
        // Given the three contenders in their natural order

        // When / Then round 0 keeps the order, and each later round starts one further along, wrapping around
        assertThat(Rotation.of(CONTENDERS, 0)).containsExactly(Contender.CAIRN, Contender.RAW, Contender.AXON_MONGO);
        assertThat(Rotation.of(CONTENDERS, 1)).containsExactly(Contender.RAW, Contender.AXON_MONGO, Contender.CAIRN);
        assertThat(Rotation.of(CONTENDERS, 2)).containsExactly(Contender.AXON_MONGO, Contender.CAIRN, Contender.RAW);
        assertThat(Rotation.of(CONTENDERS, 3)).isEqualTo(Rotation.of(CONTENDERS, 0));
    }

    @Test
    void overAsManyRoundsAsContendersEveryoneTakesEveryPlaceOnce() {
        // Given as many rounds as there are contenders
        List<List<Contender>> rounds = new ArrayList<>();

        // When their orders are taken
        for (int round = 0; round < CONTENDERS.size(); round++) {
            rounds.add(Rotation.of(CONTENDERS, round));
        }

        // Then every round holds every contender once, and every place is held by every contender once
        for (List<Contender> order : rounds) {
            assertThat(order).containsExactlyInAnyOrderElementsOf(CONTENDERS);
        }
        for (int place = 0; place < CONTENDERS.size(); place++) {
            int index = place;
            assertThat(rounds.stream().map(order -> order.get(index)).toList())
                    .as("place %d", place)
                    .containsExactlyInAnyOrderElementsOf(CONTENDERS);
        }
    }

    @Test
    void aNegativeRoundIsRejected() {
        // Given / When / Then
        assertThatThrownBy(() -> Rotation.of(CONTENDERS, -1)).isInstanceOf(IllegalArgumentException.class)
                                                            .hasMessageContaining("-1");
    }
}
