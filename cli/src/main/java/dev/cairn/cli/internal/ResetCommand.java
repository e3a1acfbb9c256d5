package dev.cairn.cli.internal;

import dev.cairn.projections.Rebuild;
import dev.cairn.projections.RebuildProgress;
import dev.cairn.projections.RebuildRefusedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code cairn projections reset NAME}: an in-place reset that returns at once; the projection's nodes replay.
 */
@Command(name = "reset", mixinStandardHelpOptions = true,
        description = "Reset a projection in place and return at once: its tokens are reset (its @ResetHandlers "
                + "clear its collections) and the nodes running it replay; 'projections status NAME' shows the "
                + "progress. Needs the projection's handlers. 'projections rebuild' does the replay here and waits.")
final class ResetCommand extends CairnCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The projection.")
    String name;

    ResetCommand(Session session) {
        super(session);
    }

    @Override
    int execute() {
        session.acrossTenants().refuse(name, "reset");
        try (Session.Started started = session.start(name, options -> options)) {
            Rebuild reset = started.projections().reset(name);
            RebuildProgress progress = reset.progress();
            long total = progress == null ? 0 : progress.total();
            Output output = output();
            if (output.json()) {
                output.document(Documents.of("projection", name, "outcome", "STARTED", "rebuild",
                                             Documents.rebuild(progress)));
            } else {
                output.text("Reset projection [" + name + "] in place: the nodes running it replay "
                                    + Output.count(total) + " events; 'cairn projections status " + name
                                    + "' shows the progress.");
            }
            return 0;
        } catch (RebuildRefusedException e) {
            throw CliException.failure(e.getMessage());
        }
    }
}
