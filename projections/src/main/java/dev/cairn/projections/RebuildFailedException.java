package dev.cairn.projections;

/**
 * A rebuild stopped before it completed: a handler failed on an event, or it did not finish within its timeout. What it
 * did so far is kept, so rebuilding again resumes it; a blue/green rebuild did not switch readers.
 */
public class RebuildFailedException extends RuntimeException {

    public RebuildFailedException(String message) {
        super(message);
    }

    public RebuildFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
