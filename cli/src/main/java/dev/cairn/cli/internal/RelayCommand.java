package dev.cairn.cli.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code cairn relay ...}
 */
@Command(name = "relay", mixinStandardHelpOptions = true,
        description = "See where the Kafka relays and inboxes of the database stand.",
        subcommands = {RelayStatusCommand.class})
final class RelayCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    GlobalOptions options;

    @Override
    public void run() {
        throw RootCommand.missingCommand(spec);
    }
}
