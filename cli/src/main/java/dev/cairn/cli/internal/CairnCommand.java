package dev.cairn.cli.internal;

import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/**
 * A command that does something (as opposed to a group such as {@code projections}): takes the global options and
 * returns its exit code; failures are thrown as {@link CliException}.
 */
abstract class CairnCommand implements Callable<Integer> {

    @Mixin
    GlobalOptions options;

    final Session session;

    CairnCommand(Session session) {
        this.session = session;
    }

    @Override
    public final Integer call() throws Exception {
        session.useOptions(options);
        return execute();
    }

    abstract int execute() throws Exception;

    Output output() {
        return new Output(session.out(), session.json());
    }
}
