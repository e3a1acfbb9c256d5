package dev.cairn.cli.internal;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code cairn}: the command groups.
 */
@Command(name = "cairn", mixinStandardHelpOptions = true, version = "cairn 0.1.0",
        description = "Operates a Cairn application's storage: projections, dead letters, parked saga events, events, tenants; migrates axon-mongo stores into it.",
        subcommands = {ProjectionsCommand.class, DeadLettersCommand.class, SagasCommand.class, EventsCommand.class,
                IndexesCommand.class, TenantsCommand.class, MigrateCommand.class, RelayCommand.class},
        footer = {"", "Exit codes: 0 success, 1 failure, 2 usage error."})
final class RootCommand implements Runnable {

    @Mixin
    GlobalOptions options = new GlobalOptions();

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw missingCommand(spec);
    }

    /** @return the usage error of a command group called without a command */
    static CommandLine.ParameterException missingCommand(CommandSpec spec) {
        return new CommandLine.ParameterException(spec.commandLine(), "Missing command: choose one of "
                + spec.subcommands().keySet().stream().filter(name -> !name.equals("help")).toList());
    }
}
