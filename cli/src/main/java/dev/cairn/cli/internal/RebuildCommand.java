package dev.cairn.cli.internal;

import dev.cairn.projections.Rebuild;
import dev.cairn.projections.RebuildFailedException;
import dev.cairn.projections.RebuildMode;
import dev.cairn.projections.RebuildOptions;
import dev.cairn.projections.RebuildProgress;
import dev.cairn.projections.RebuildRefusedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code cairn projections rebuild NAME [--blue-green] [--batch-size N]}: starts an application with only this
 * projection, rebuilds it here and waits, showing progress. Ctrl-C closes the application (its processors store their
 * tokens) and leaves the rebuild resumable: running the same command again resumes it.
 */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = {"Rebuild a projection and wait for it, showing progress. In place (default): pause it on every "
                + "node, reset its tokens, replay here. --blue-green: build the next version into its own collections "
                + "while the live one keeps serving reads, then switch readers to it in one step.",
                "Ctrl-C leaves the rebuild resumable: run the same command again to resume it. Needs the "
                        + "projection's handlers."})
final class RebuildCommand extends CairnCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The projection.")
    String name;

    @Option(names = "--blue-green", description = "Build the next version beside the live one, then switch readers.")
    boolean blueGreen;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "Events per batch while rebuilding (default: ${DEFAULT-VALUE}).", defaultValue = "1000")
    int batchSize;

    @Option(names = "--timeout", paramLabel = "MINUTES", defaultValue = "30",
            description = "Give up (resumably) after this many minutes (default: ${DEFAULT-VALUE}).")
    long timeoutMinutes;

    @Mixin
    ProgressOptions progressOptions;

    /** How often the progress display refreshes while the command waits for the rebuild to complete. */
    private static final Duration REFRESH = Duration.ofMillis(250);

    private final AtomicBoolean interrupted = new AtomicBoolean();

    RebuildCommand(Session session) {
        super(session);
    }

    @Override
    int execute() throws InterruptedException {
        if (batchSize < 1) {
            throw CliException.usage("--batch-size must be positive, not " + batchSize);
        }
        if (timeoutMinutes < 1) {
            throw CliException.usage("--timeout must be at least 1 minute, not " + timeoutMinutes);
        }
        session.acrossTenants().refuse(name, "rebuild");
        String progress = progressOptions.display();
        RebuildMode mode = blueGreen ? RebuildMode.BLUE_GREEN : RebuildMode.IN_PLACE;
        RebuildOptions rebuildOptions = RebuildOptions.defaults().mode(mode).batchSize(batchSize)
                                                      .timeout(Duration.ofMinutes(timeoutMinutes));
        long started = System.nanoTime();
        try (Session.Started application = session.start(name, o -> o.batchSize(batchSize))) {
            Rebuild rebuild = application.projections().rebuild(name, rebuildOptions);
            long replayStarted = System.nanoTime();
            Thread onInterrupt = new Thread(() -> interrupt(rebuild, application), "cairn-rebuild-stop");
            Runtime.getRuntime().addShutdownHook(onInterrupt);
            RebuildProgress last = rebuild.progress();
            long resumedFrom = last == null ? 0 : last.done();
            try (ProgressView view = ProgressView.create(progress, session.terminal(), session.err(), name,
                                                         progressOptions.interval())) {
                view.update(last);
                CompletableFuture<RebuildProgress> completion = rebuild.completion();
                while (!completedWithin(completion, REFRESH)) {
                    RebuildProgress now = rebuild.progress();
                    last = now == null ? last : now;
                    view.update(last);
                }
                RebuildProgress completed = completion.getNow(null);
                last = completed == null ? last : completed;
                if (last != null) {
                    view.update(new RebuildProgress(last.projection(), last.mode(), last.version(), "COMPLETE",
                                                    last.total(), last.total(), last.startedAt(), last.by()));
                }
            } finally {
                removeHook(onInterrupt);
            }
            if (interrupted.get()) {
                return 130;
            }
            long now = System.nanoTime();
            report(mode, last, resumedFrom, application.projections().liveVersion(name), now - replayStarted,
                   now - started);
            return 0;
        } catch (RuntimeException e) {
            if (interrupted.get()) {
                return 130;
            }
            throw failure(e);
        }
    }

    /**
     * @return whether the rebuild completed within {@code wait}; {@code false} while it goes on
     * @throws RuntimeException the rebuild's failure ({@code RebuildFailedException}), or its cancellation
     */
    private static boolean completedWithin(CompletableFuture<RebuildProgress> completion, Duration wait)
            throws InterruptedException {
        try {
            completion.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure
                    : new RebuildFailedException(String.valueOf(e.getCause()), e.getCause());
        }
    }

    private RuntimeException failure(RuntimeException e) {
        if (e instanceof RebuildRefusedException) {
            return CliException.failure(e.getMessage());
        }
        if (e instanceof RebuildFailedException) {
            return CliException.failure("Rebuild of projection [" + name + "] failed: " + e.getMessage()
                                                + "; what it did is kept: run the same rebuild again to resume it", e);
        }
        return e;
    }

    private void interrupt(Rebuild rebuild, Session.Started application) {
        interrupted.set(true);
        RebuildProgress progress = null;
        try {
            progress = rebuild.progress();
            rebuild.stop();
        } catch (RuntimeException e) {
            // stopping is best effort: closing the application below stores the tokens either way
        }
        application.close();
        session.err().println(System.lineSeparator() + "cairn: interrupted: the rebuild of projection [" + name
                                      + "] is not complete" + (progress == null ? ""
                : " (at " + Output.count(progress.done()) + " of " + Output.count(progress.total()) + " events)")
                                      + " and stays resumable: run the same command again to resume it");
        session.err().flush();
        session.close();
    }

    /**
     * @param nanos      from the rebuild's start to its completion
     * @param totalNanos the whole command, with the application's start-up
     */
    private void report(RebuildMode mode, RebuildProgress last, long resumedFrom, int liveVersion, long nanos,
                        long totalNanos) {
        long total = last == null ? 0 : last.total();
        long events = total - Math.min(resumedFrom, total);
        double seconds = nanos / 1e9;
        double perSecond = seconds <= 0 ? 0 : events / seconds;
        Output output = output();
        if (output.json()) {
            output.document(Documents.of("projection", name, "mode", mode.name(), "outcome", "COMPLETE",
                                         "version", last == null ? liveVersion : last.version(),
                                         "liveVersion", liveVersion, "events", total,
                                         "seconds", Math.round(seconds * 1000) / 1000.0,
                                         "totalSeconds", Math.round(totalNanos / 1e6) / 1000.0,
                                         "eventsPerSecond", Math.round(perSecond), "resumedFrom", resumedFrom));
            return;
        }
        output.text(summary(name, mode, total, resumedFrom, liveVersion, seconds, totalNanos / 1e9));
    }

    /**
     * The sentence that reports a completed rebuild: the events it covers, and for a resumed one where it resumed and
     * how long the rest took.
     *
     * @param total        the events the rebuild covers
     * @param resumedFrom  where an interrupted rebuild was resumed; 0 when this command started it
     * @param seconds      from the start, or resumption, to completion
     * @param totalSeconds the whole command, with the application's start-up
     */
    static String summary(String name, RebuildMode mode, long total, long resumedFrom, int liveVersion,
                          double seconds, double totalSeconds) {
        long replayed = total - Math.min(resumedFrom, total);
        String timing = String.format(Locale.ROOT, "%.1f s", seconds) + " ("
                + ProgressView.Rate.format(seconds <= 0 ? 0 : replayed / seconds) + " events/s; "
                + String.format(Locale.ROOT, "%.1f s", totalSeconds) + " with start-up)";
        String events = resumedFrom > 0
                ? Output.count(total) + " events, resumed at " + Output.count(resumedFrom) + ": the last "
                        + Output.count(replayed) + " in " + timing
                : Output.count(total) + " events in " + timing;
        if (mode == RebuildMode.IN_PLACE) {
            return "Rebuilt projection [" + name + "] in place: " + events + "; version " + liveVersion
                    + " is live.";
        }
        return "Rebuilt projection [" + name + "] blue/green: version " + liveVersion + " built from " + events
                + " and now live; the previous version's tokens and collections are kept until "
                + "'cairn projections clean " + name + "'.";
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs (or ran) and reports the interruption
        }
    }
}
