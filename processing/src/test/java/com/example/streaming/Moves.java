package com.example.streaming;

import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Items that move step by step, and a handler that notes, per item, the steps it saw in the order it saw them (a step
 * seen again is counted as a duplicate, as an idempotent read model would skip it), how many came as a replay, and
 * fails the first {@code failures} times it sees a step of item "stuck".
 */
public final class Moves {

    /** Item {@code item} made move number {@code step}. */
    public record Moved(String item, int step) {
    }

    /** The handler. */
    public static final class Seen {

        private final Map<String, List<Integer>> steps = new ConcurrentHashMap<>();
        private final AtomicInteger replayed = new AtomicInteger();
        private final AtomicInteger duplicates = new AtomicInteger();
        private final AtomicInteger failures;

        public Seen(int failures) {
            this.failures = new AtomicInteger(failures);
        }

        @EventHandler
        public void on(Moved moved, ReplayStatus status) {
            if ("stuck".equals(moved.item()) && failures.getAndDecrement() > 0) {
                throw new IllegalStateException("Item stuck cannot move yet");
            }
            if (status.isReplay()) {
                replayed.incrementAndGet();
                return;
            }
            List<Integer> seen = steps.computeIfAbsent(moved.item(), item -> new ArrayList<>());
            synchronized (seen) {
                if (seen.contains(moved.step())) {
                    duplicates.incrementAndGet();
                } else {
                    seen.add(moved.step());
                }
            }
        }

        /** @return the steps seen of each item, in the order seen */
        public Map<String, List<Integer>> steps() {
            Map<String, List<Integer>> copy = new java.util.TreeMap<>();
            steps.forEach((item, seen) -> {
                synchronized (seen) {
                    copy.put(item, List.copyOf(seen));
                }
            });
            return copy;
        }

        public int total() {
            return steps().values().stream().mapToInt(List::size).sum();
        }

        public int replayed() {
            return replayed.get();
        }

        public int duplicates() {
            return duplicates.get();
        }
    }

    private Moves() {
    }
}
