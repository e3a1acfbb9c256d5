package dev.cairn.cli.internal;

/**
 * The command line's exit codes, defined once on the implementation's side; {@code CairnCli} publishes them, so the
 * commands need not call back into the public entry point.
 */
public final class ExitCodes {

    /** A command that did what it was asked. */
    public static final int OK = 0;
    /** A command that could not do it (unreachable server, failed or refused rebuild...). */
    public static final int FAILURE = 1;
    /** A command line that cannot be run as written (unknown option or projection, bad URI...). */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
