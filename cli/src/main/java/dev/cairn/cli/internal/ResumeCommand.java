package dev.cairn.cli.internal;

import dev.cairn.projections.ProjectionControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code cairn projections resume NAME}
 */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Resume a paused projection: its nodes claim its segments again and continue from its tokens.")
final class ResumeCommand extends CairnCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The projection.")
    String name;

    ResumeCommand(Session session) {
        super(session);
    }

    @Override
    int execute() {
        session.requireKnown(name);
        ProjectionControl control = new ProjectionControl(session.database());
        boolean wasPaused = control.paused(name);
        control.resume(name);
        Output output = output();
        if (output.json()) {
            output.document(Documents.of("projection", name, "paused", false, "wasPaused", wasPaused));
        } else {
            output.text(wasPaused ? "Resumed projection [" + name + "]: its nodes continue from its tokens."
                                : "Projection [" + name + "] was not paused; nothing changed.");
        }
        return 0;
    }
}
