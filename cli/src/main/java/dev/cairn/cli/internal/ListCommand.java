package dev.cairn.cli.internal;

import dev.cairn.projections.ProjectionMonitor;
import dev.cairn.projections.ProjectionStatus;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code cairn projections list}: the projections the applications register and those storage knows.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "The projections: registered by an application on the class path (handlers) and/or known from "
                + "their stored tokens (stored), with their live version and state.")
final class ListCommand extends CairnCommand {

    ListCommand(Session session) {
        super(session);
    }

    @Override
    int execute() {
        List<String> registered = session.registeredProjections();
        List<String> stored = session.storedProjections();
        ProjectionMonitor monitor = ProjectionMonitor.on(session.database(), session.collections());
        List<Object> documents = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (String name : session.knownProjections()) {
            ProjectionStatus status = monitor.status(name);
            documents.add(Documents.of("name", name, "version", status.version(), "state", status.state().name(),
                                       "handlers", registered.contains(name), "stored", stored.contains(name)));
            rows.add(List.of(name, String.valueOf(status.version()), status.state().name(),
                             registered.contains(name) ? "yes" : "no", stored.contains(name) ? "yes" : "no"));
        }
        Output output = output();
        if (output.json()) {
            output.document(Documents.of("projections", documents));
        } else if (rows.isEmpty()) {
            output.text("No projections: none registered by an application, none with stored tokens.");
        } else {
            output.table(List.of("PROJECTION", "VERSION", "STATE", "HANDLERS", "STORED"), rows);
        }
        return 0;
    }
}
