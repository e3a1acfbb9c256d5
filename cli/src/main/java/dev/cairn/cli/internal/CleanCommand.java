package dev.cairn.cli.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

/**
 * {@code cairn projections clean NAME}: drops what blue/green rebuilds left behind.
 */
@Command(name = "clean", mixinStandardHelpOptions = true,
        description = "Drop the tokens and collections of every version of a projection but the live one (kept after "
                + "a blue/green switch so that it can be undone). Needs the projection's handlers.")
final class CleanCommand extends CairnCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The projection.")
    String name;

    CleanCommand(Session session) {
        super(session);
    }

    @Override
    int execute() {
        try (Session.Started started = session.start(name, options -> options)) {
            List<String> dropped = started.projections().clean(name);
            int live = started.projections().liveVersion(name);
            Output output = output();
            if (output.json()) {
                output.document(Documents.of("projection", name, "liveVersion", live, "dropped", dropped));
            } else if (dropped.isEmpty()) {
                output.text("Projection [" + name + "] has nothing to clean: version " + live + " is the only one.");
            } else {
                output.text("Cleaned projection [" + name + "]: version " + live + " stays live; dropped "
                                    + String.join(", ", dropped) + ".");
            }
            return 0;
        }
    }
}
