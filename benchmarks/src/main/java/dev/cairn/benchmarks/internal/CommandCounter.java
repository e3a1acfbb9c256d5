package dev.cairn.benchmarks.internal;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the commands a client sends to the server while a measurement window is open. Setup and teardown run with
 * the window closed, so only the measured work is counted. Command counts carry over to a real MongoDB, unlike the
 * embedded server's timings.
 */
public final class CommandCounter implements CommandListener {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private volatile boolean open;

    @Override
    public void commandStarted(CommandStartedEvent event) {
        if (open) {
            counts.computeIfAbsent(event.getCommandName(), name -> new LongAdder()).increment();
        }
    }

    /**
     * Forgets earlier counts and starts counting.
     */
    public void open() {
        counts.clear();
        open = true;
    }

    /**
     * Stops counting.
     *
     * @return the commands counted since {@link #open()}
     */
    public Counts close() {
        open = false;
        Map<String, Long> byName = new TreeMap<>();
        counts.forEach((name, count) -> byName.put(name, count.sum()));
        return new Counts(byName);
    }

    /**
     * Commands counted in one window, by command name.
     */
    public record Counts(Map<String, Long> byName) {

        public Counts {
            byName = Map.copyOf(byName);
        }

        /**
         * @return no commands at all, the start of a sum over several windows
         */
        public static Counts none() {
            return new Counts(Map.of());
        }

        /**
         * @return these counts and {@code other}'s added up, command by command
         */
        public Counts plus(Counts other) {
            Map<String, Long> sum = new TreeMap<>(byName);
            other.byName.forEach((name, count) -> sum.merge(name, count, Long::sum));
            return new Counts(sum);
        }

        public long total() {
            return byName.values().stream().mapToLong(Long::longValue).sum();
        }

        /**
         * @return e.g. {@code find=3 getMore=97}
         */
        public String breakdown() {
            StringBuilder text = new StringBuilder();
            new TreeMap<>(byName).forEach((name, count) -> text.append(text.isEmpty() ? "" : " ")
                                                                .append(name).append('=').append(count));
            return text.toString();
        }
    }
}
