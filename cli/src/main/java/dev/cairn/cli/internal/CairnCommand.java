package dev.cairn.cli.internal;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * A command that does something (as opposed to a group such as {@code projections}): takes the global options and
 * returns its exit code; failures are thrown as {@link CliException}.
 */
abstract class CairnCommand implements Callable<Integer> {

    @Mixin
    GlobalOptions options;

    @Spec
    CommandSpec spec;

    final Session session;

    CairnCommand(Session session) {
        this.session = session;
    }

    @Override
    public final Integer call() throws Exception {
        // the global options may be given after any command name: cairn --json projections --database x status
        java.util.ArrayDeque<CommandSpec> chain = new java.util.ArrayDeque<>();
        for (CommandSpec command = spec; command != null; command = command.parent()) {
            chain.push(command);
        }
        for (CommandSpec command : chain) {
            command.mixins().values().stream().map(CommandSpec::userObject)
                   .filter(GlobalOptions.class::isInstance).map(GlobalOptions.class::cast)
                   .forEach(session::useOptions);
        }
        return execute();
    }

    abstract int execute() throws Exception;

    Output output() {
        return new Output(session.out(), session.json());
    }
}
