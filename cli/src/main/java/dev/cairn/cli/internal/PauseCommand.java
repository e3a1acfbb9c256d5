package dev.cairn.cli.internal;

import dev.cairn.projections.ProjectionControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.Instant;

/**
 * {@code cairn projections pause NAME}: through the control document, so every node follows.
 */
@Command(name = "pause", mixinStandardHelpOptions = true,
        description = "Pause a projection on every node: within a coordination round each node releases its segments; "
                + "tokens are kept.")
final class PauseCommand extends CairnCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The projection.")
    String name;

    PauseCommand(Session session) {
        super(session);
    }

    @Override
    int execute() {
        session.requireKnown(name);
        new ProjectionControl(session.database()).pause(name, Nodes.self(), Instant.now());
        Output output = output();
        if (output.json()) {
            output.document(Documents.of("projection", name, "paused", true));
        } else {
            output.text("Paused projection [" + name + "]: every node releases its segments within a coordination "
                                + "round; its tokens are kept. Resume it with 'cairn projections resume " + name + "'.");
        }
        return 0;
    }
}
