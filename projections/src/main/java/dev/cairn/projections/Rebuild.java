package dev.cairn.projections;

import java.time.Duration;

/**
 * A rebuild under way in this process, started by {@link CairnProjections#rebuild(String, RebuildOptions)}. Its
 * progress is stored, so {@link ProjectionStatus#rebuild()} shows it in every process; an interrupted rebuild (the
 * process stopped or killed) is never reported complete, and rebuilding again resumes it.
 */
public interface Rebuild {

    /** @return the projection being rebuilt */
    String projection();

    /** @return how far it has come, read from storage */
    RebuildProgress progress();

    /**
     * Waits until the rebuild completes, at most {@code timeout}. Completing a blue/green rebuild switches readers to the
     * new version; completing an in-place one removes its marker.
     *
     * @return {@code true} when complete, {@code false} when {@code timeout} passed first (it goes on)
     * @throws RebuildFailedException when a handler failed on an event or the rebuild's own timeout passed
     */
    boolean await(Duration timeout) throws InterruptedException;

    /** @return whether it has completed */
    boolean complete();

    /**
     * Stops the work this process does for the rebuild, leaving it resumable: a blue/green build stops its processor
     * (its tokens are kept); an in-place replay goes on wherever the projection runs.
     */
    void stop();
}
