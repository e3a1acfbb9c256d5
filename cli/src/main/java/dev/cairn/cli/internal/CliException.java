package dev.cairn.cli.internal;


/**
 * Ends a command with an exit code and one readable line (already free of secrets when created through
 * {@link Session#scrub}); never logged, only printed once by {@link CliRunner}.
 */
public final class CliException extends RuntimeException {

    private final int exitCode;

    private CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** A command line that cannot be run as written: exit {@value ExitCodes#USAGE}. */
    public static CliException usage(String message) {
        return new CliException(ExitCodes.USAGE, message, null);
    }

    /** A command that could not do what it was asked: exit {@value ExitCodes#FAILURE}. */
    public static CliException failure(String message) {
        return new CliException(ExitCodes.FAILURE, message, null);
    }

    /** As {@link #failure(String)}, keeping the cause for {@code --verbose}-less debugging in tests. */
    public static CliException failure(String message, Throwable cause) {
        return new CliException(ExitCodes.FAILURE, message, cause);
    }

    public int exitCode() {
        return exitCode;
    }
}
