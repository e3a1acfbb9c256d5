package dev.cairn.benchmarks.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The order in which contenders take their turns in one round of an interleaved measurement: the list rotated by the
 * round number, so that over as many rounds as there are contenders each one goes first, second and last exactly
 * once. Whoever runs first after a pause (a fresh thread pool, a first query) is then no contender in particular.
 */
public final class Rotation {

    private Rotation() {
    }

    /**
     * @param items the contenders in their natural order
     * @param round the round, counted from 0
     * @return {@code items} starting at index {@code round % items.size()}, wrapping around
     * @throws IllegalArgumentException when {@code round} is negative
     */
    public static <T> List<T> of(List<T> items, int round) {
        if (round < 0) {
            throw new IllegalArgumentException("A round is counted from 0, not " + round);
        }
        List<T> order = new ArrayList<>(items.size());
        for (int turn = 0; turn < items.size(); turn++) {
            order.add(items.get((round + turn) % items.size()));
        }
        return List.copyOf(order);
    }
}
