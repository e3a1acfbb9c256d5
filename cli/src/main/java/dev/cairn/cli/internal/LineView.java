package dev.cairn.cli.internal;

import dev.cairn.projections.RebuildProgress;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Progress for logs and pipes: one plain line on the error stream at the first update, then at most one every
 * interval, then a last one, e.g.
 * {@code rebuild balances: 12,000/20,000 events (60%), 5,400 events/s, ETA 2s [IN_PLACE v1 REPLAYING]}.
 */
final class LineView implements ProgressView {

    private final PrintStream err;
    private final String projection;
    private final long intervalNanos;
    private final Rate rate = new Rate();
    private long lastLine;
    private final boolean rebuild;
    private RebuildProgress latest;
    private RebuildProgress printed;

    LineView(PrintStream err, String projection, Duration interval) {
        this(err, "rebuild " + projection, interval, true);
    }

    /**
     * @param subject  what each line starts with ({@code rebuild NAME}, {@code migrate from-axon-mongo})
     * @param rebuild  whether to end each line with the rebuild's mode, version and phase (else the phase only)
     */
    LineView(PrintStream err, String subject, Duration interval, boolean rebuild) {
        this.err = err;
        this.projection = subject;
        this.intervalNanos = interval.toNanos();
        this.rebuild = rebuild;
    }

    @Override
    public void update(RebuildProgress progress) {
        if (progress == null) {
            return;
        }
        latest = progress;
        rate.sample(progress.done());
        long now = System.nanoTime();
        if (printed == null || now - lastLine >= intervalNanos) {
            print(progress);
            lastLine = now;
        }
    }

    @Override
    public void close() {
        if (latest != null && latest != printed) {
            print(latest);
        }
    }

    private void print(RebuildProgress progress) {
        printed = progress;
        err.println(projection + ": " + Output.count(progress.done()) + "/"
                            + Output.count(progress.total()) + " events (" + StatusCommand.percent(progress) + "), "
                            + Rate.format(rate.perSecond()) + " events/s, ETA " + rate.eta(progress.total()) + " ["
                            + (rebuild ? progress.mode() + " v" + progress.version() + " " : "") + progress.phase()
                            + "]");
        err.flush();
    }
}
