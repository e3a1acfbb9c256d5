package dev.cairn.cli.internal;

import dev.cairn.projections.RebuildProgress;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Shows a rebuild's progress while the command waits for it: a live bar on a terminal ({@link BarView}), plain lines
 * every few seconds otherwise ({@link LineView}), nothing at all when asked.
 */
interface ProgressView extends AutoCloseable {

    /** Called a few times a second with the stored progress. */
    void update(RebuildProgress progress);

    /** Ends the display (the bar's line stays, finished). */
    @Override
    void close();

    static ProgressView create(String mode, boolean terminal, PrintStream err, String projection,
                               Duration lineInterval) {
        return switch (mode) {
            case "none" -> new ProgressView() {
                @Override
                public void update(RebuildProgress progress) {
                }

                @Override
                public void close() {
                }
            };
            case "bar" -> new BarView(err, projection);
            case "lines" -> new LineView(err, projection, lineInterval);
            default -> terminal ? new BarView(err, projection) : new LineView(err, projection, lineInterval);
        };
    }

    /** As {@link #create}, for a migration: lines read {@code migrate from-axon-mongo: done/total events ...}. */
    static ProgressView forMigration(String mode, boolean terminal, PrintStream err, String name,
                                     Duration lineInterval) {
        return switch (mode) {
            case "none", "bar" -> create(mode, terminal, err, name, lineInterval);
            case "lines" -> new LineView(err, name, lineInterval, false);
            default -> terminal ? new BarView(err, name) : new LineView(err, name, lineInterval, false);
        };
    }

    /** Events per second and time left, measured from the first update this process saw. */
    final class Rate {
        private long firstDone = -1;
        private long firstNanos;
        private long lastDone;
        private long lastNanos;

        void sample(long done) {
            long now = System.nanoTime();
            if (firstDone < 0) {
                firstDone = done;
                firstNanos = now;
            }
            lastDone = done;
            lastNanos = now;
        }

        double perSecond() {
            double seconds = (lastNanos - firstNanos) / 1e9;
            return seconds <= 0 ? 0 : (lastDone - firstDone) / seconds;
        }

        String eta(long total) {
            double rate = perSecond();
            if (rate <= 0) {
                return "?";
            }
            return Output.age(Duration.ofSeconds((long) Math.ceil((total - lastDone) / rate)));
        }

        static String format(double perSecond) {
            return String.format(Locale.ROOT, "%,.0f", perSecond);
        }
    }
}
