package dev.cairn.samples.demo;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Progress of one demo phase: a live bar on a terminal (a maintained library draws it), plain lines every few seconds
 * otherwise.
 */
final class Progress implements AutoCloseable {

    private static final long LINE_EVERY_NANOS = Duration.ofSeconds(3).toNanos();

    private final String task;
    private final long total;
    private final PrintStream err;
    private final ProgressBar bar;
    private long lastLine = System.nanoTime();

    Progress(String task, long total, PrintStream err, boolean terminal) {
        this.task = task;
        this.total = total;
        this.err = err;
        this.bar = terminal ? new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                                                      .setStyle(ProgressBarStyle.ASCII).showSpeed()
                                                      .setUpdateIntervalMillis(200).build() : null;
    }

    synchronized void stepTo(long done) {
        if (bar != null) {
            bar.stepTo(done);
        } else if (System.nanoTime() - lastLine >= LINE_EVERY_NANOS) {
            lastLine = System.nanoTime();
            err.printf("%s: %,d / %,d%n", task, done, total);
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
        } else {
            err.printf("%s: done%n", task);
        }
    }
}
