package dev.cairn.cli.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code cairn migrate}: moving an event store of another framework into Cairn.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Move another event store into Cairn: events, snapshots and processor positions, resumable and "
                + "verified.",
        subcommands = {FromAxonMongoCommand.class})
final class MigrateCommand implements Runnable {

    @Mixin
    GlobalOptions options = new GlobalOptions();

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw RootCommand.missingCommand(spec);
    }
}
