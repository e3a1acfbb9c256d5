package dev.cairn.cli.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code cairn projections ...}
 */
@Command(name = "projections", mixinStandardHelpOptions = true,
        description = "See where projections stand, rebuild, reset, pause and resume them.",
        subcommands = {ListCommand.class, StatusCommand.class, RebuildCommand.class, ResetCommand.class,
                PauseCommand.class, ResumeCommand.class, CleanCommand.class})
final class ProjectionsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    GlobalOptions options;

    @Override
    public void run() {
        throw RootCommand.missingCommand(spec);
    }
}
