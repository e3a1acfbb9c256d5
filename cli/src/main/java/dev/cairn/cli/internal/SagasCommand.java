package dev.cairn.cli.internal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.cairn.eventstore.mongo.support.CairnCollections.Role;
import org.bson.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * {@code cairn sagas parked|retry|drop}: sagas whose handler failed on an event, with their later events waiting
 * behind it (ADR 51). Reads and writes the collection of parked saga events directly, in its stored format (the field
 * names of {@code dev.cairn.sagas.internal.ParkedSagaDocuments}); the application's nodes run the retried events.
 */
@Command(name = "sagas", mixinStandardHelpOptions = true,
        description = "List, retry and drop parked saga events (a saga whose handler failed on an event, with its "
                + "later events waiting behind it).",
        subcommands = {SagasCommand.Parked.class, SagasCommand.Retry.class, SagasCommand.Drop.class})
final class SagasCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    GlobalOptions options;

    @Override
    public void run() {
        throw RootCommand.missingCommand(spec);
    }

    static MongoCollection<Document> parked(Session session) {
        return session.database().getCollection(session.collections().name(Role.PARKED_SAGA_EVENTS));
    }

    @Command(name = "parked", mixinStandardHelpOptions = true,
            description = "The sagas with failed events, retrying or parked, parked longest ago first: the first "
                    + "event with its failure, and how many wait (read from storage).")
    static final class Parked extends CairnCommand {

        Parked(Session session) {
            super(session);
        }

        @Override
        int execute() {
            List<Document> sagas = parked(session).find().sort(Sorts.ascending("parkedAt")).into(new ArrayList<>());
            Output output = output();
            if (output.json()) {
                List<Object> documents = new ArrayList<>();
                for (Document saga : sagas) {
                    Document first = first(saga);
                    documents.add(Documents.of(
                            "sagaId", saga.getString("_id"), "sagaType", saga.getString("sagaType"),
                            "processingGroup", saga.getString("processingGroup"), "status", saga.getString("status"),
                            "attempts", saga.getInteger("attempts"), "events", events(saga).size(),
                            "firstEvent", first == null ? null : first.getString("identifier"),
                            "firstEventType", first == null ? null : first.getString("type"),
                            "lastError", scrubbed(saga.getString("lastError")),
                            "parkedAt", Output.iso(instant(saga.getDate("parkedAt"))),
                            "dueAt", Output.iso(instant(saga.getDate("dueAt")))));
                }
                output.document(Documents.of("parkedSagas", documents));
            } else if (sagas.isEmpty()) {
                output.text("No parked saga events.");
            } else {
                List<List<String>> rows = new ArrayList<>();
                for (Document saga : sagas) {
                    Document first = first(saga);
                    rows.add(List.of(saga.getString("_id"), Output.orDash(saga.getString("processingGroup")),
                                     saga.getString("status"), String.valueOf(saga.getInteger("attempts")),
                                     String.valueOf(events(saga).size()),
                                     first == null ? "-" : DisplaySerializer.shortName(first.getString("type")),
                                     Output.time(instant(saga.getDate("parkedAt"))),
                                     Output.orDash(scrubbed(saga.getString("lastError")))));
                }
                output.table(List.of("SAGA", "PROCESSOR", "STATUS", "ATTEMPTS", "EVENTS", "FIRST EVENT",
                                     "PARKED (UTC)", "LAST ERROR"), rows);
            }
            return 0;
        }

        private String scrubbed(String text) {
            return text == null ? null : session.scrub(text);
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Retry a parked saga's events now, in order, with fresh attempts (after the cause was "
                    + "fixed); a running node of the application runs them. Exit 1 when the saga is not parked.")
    static final class Retry extends CairnCommand {

        @Parameters(index = "0", paramLabel = "SAGA_ID", description = "The saga.")
        String sagaId;

        Retry(Session session) {
            super(session);
        }

        @Override
        int execute() {
            boolean retried = parked(session).updateOne(
                    new Document("_id", sagaId).append("status", "PARKED"),
                    Updates.combine(Updates.set("status", "RETRYING"), Updates.set("dueAt", new Date()),
                                    Updates.set("attempts", 0), Updates.inc("version", 1L))).getMatchedCount() == 1;
            return report(retried, "will be retried by the application's nodes");
        }

        int report(boolean done, String what) {
            Output output = output();
            if (output.json()) {
                output.document(Documents.of("sagaId", sagaId, "done", done));
            } else {
                output.text(done ? "Saga [" + sagaId + "] " + what + "."
                                    : "Saga [" + sagaId + "] is not parked (unknown, or being retried).");
            }
            return done ? 0 : 1;
        }
    }

    @Command(name = "drop", mixinStandardHelpOptions = true,
            description = "Drop a parked saga's waiting events for good: the saga never handles them and goes on with "
                    + "its next events. Exit 1 when the saga is not parked.")
    static final class Drop extends CairnCommand {

        @Parameters(index = "0", paramLabel = "SAGA_ID", description = "The saga.")
        String sagaId;

        Drop(Session session) {
            super(session);
        }

        @Override
        int execute() {
            boolean dropped = parked(session).deleteOne(Filters.and(Filters.eq("_id", sagaId),
                                                                    Filters.eq("status", "PARKED")))
                                             .getDeletedCount() == 1;
            Output output = output();
            if (output.json()) {
                output.document(Documents.of("sagaId", sagaId, "done", dropped));
            } else {
                output.text(dropped ? "Dropped the parked events of saga [" + sagaId + "]."
                                    : "Saga [" + sagaId + "] is not parked (unknown, or being retried).");
            }
            return dropped ? 0 : 1;
        }
    }

    private static Document first(Document saga) {
        List<Document> events = events(saga);
        return events.isEmpty() ? null : events.get(0);
    }

    private static List<Document> events(Document saga) {
        List<Document> events = saga.getList("events", Document.class);
        return events == null ? List.of() : events;
    }

    private static java.time.Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
