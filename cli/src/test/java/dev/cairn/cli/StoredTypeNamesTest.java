package dev.cairn.cli;

import com.example.parcels.Parcels;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.cairn.cli.support.CliRun;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import dev.cairn.processing.MongoTokenStore;
import dev.cairn.projections.MongoSequencedDeadLetterQueue;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

import static dev.cairn.cli.ProjectionCommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Storage-only commands on a database of another application: its events' types are outside the packages the command
 * line allows (one is not even on its class path), so they are shown by their stored names, never as
 * {@code UnknownSerializedType}, and without a warning about the allow-list.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class StoredTypeNamesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A type of another application: not on this class path. */
    private static final String ELSEWHERE = "com.example.elsewhere.Orders$OrderPlaced";

    @Test
    void deadLettersShowTheirStoredTypeNamesWithoutAWarning(MongoTarget mongo, MongoDatabase database)
            throws Exception {
        // Given a projection with two dead letters: one of a type on the class path but not allowed, one of a type
        // the command line cannot know (stored by another application)
        MongoTokenStore.builder().database(database).build().initializeTokenSegments("parcels", 1);
        MongoSequencedDeadLetterQueue<EventMessage<?>> queue =
                MongoSequencedDeadLetterQueue.<EventMessage<?>>builder().processingGroup("parcels")
                                             .database(database).build();
        for (String parcel : List.of("p-1", "p-2")) {
            queue.enqueue(parcel, new GenericDeadLetter<>(parcel, new GenericDomainEventMessage<>(
                    "Parcel", parcel, 0, new Parcels.ParcelShipped(parcel, 3)), new IllegalStateException("boom")));
        }
        database.getCollection(CairnCollections.DEAD_LETTERS).updateOne(
                Filters.eq("sequenceIdentifier", "p-2"), Updates.set("event.type", ELSEWHERE));

        // When they are listed, as a table and as JSON
        Captured<CliRun> table = captured(() -> run(mongo, database, null, "dead-letters", "list", "parcels"));
        Captured<CliRun> json = captured(() -> run(mongo, database, null, "dead-letters", "list", "parcels",
                                                   "--json"));

        // Then the table shows each stored type's name, the JSON its full stored name
        assertThat(table.result().exitCode()).as(table.result().toString()).isZero();
        assertThat(table.result().out()).contains("ParcelShipped", "OrderPlaced")
                                        .doesNotContain("UnknownSerializedType");
        List<String> types = JSON.readTree(json.result().out()).get("deadLetters").findValuesAsText("payloadType");
        assertThat(types).containsExactly(Parcels.ParcelShipped.class.getName(), ELSEWHERE);
        // and nothing warns about types the commands only display
        assertThat(table.log() + json.log()).doesNotContain("allowed types").doesNotContain("WARN");
    }

    @Test
    void storageOnlyCommandsPrintNoAllowListWarning(MongoTarget mongo, MongoDatabase database) throws Exception {
        // Given events of a type outside the allowed packages, and a projection that has not processed them
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        engine.appendEvents(List.of(new GenericDomainEventMessage<>("Parcel", "p-1", 0,
                                                                    new Parcels.ParcelShipped("p-1", 2))));
        MongoTokenStore.builder().database(database).build().initializeTokenSegments("parcels", 1);

        // When every storage-only command runs on it
        List<List<String>> commands = List.of(List.of("projections", "status"),
                                              List.of("projections", "status", "parcels"),
                                              List.of("projections", "list"), List.of("events", "stats"),
                                              List.of("events", "tail"), List.of("events", "tail", "--json"),
                                              List.of("dead-letters", "list", "parcels"));
        for (List<String> command : commands) {
            Captured<CliRun> run = captured(() -> run(mongo, database, null, command.toArray(String[]::new)));

            // Then each succeeds, shows no UnknownSerializedType and warns about nothing
            assertThat(run.result().exitCode()).as(command + ": " + run.result()).isZero();
            assertThat(run.result().all() + run.log()).as(command.toString())
                                                      .doesNotContain("UnknownSerializedType")
                                                      .doesNotContain("allowed types");
        }
    }

    /** What a run returned, and what it logged on the process's standard error (slf4j-simple writes there). */
    private record Captured<T>(T result, String log) {
    }

    private static synchronized <T> Captured<T> captured(Supplier<T> run) {
        PrintStream original = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            T result = run.get();
            return new Captured<>(result, log.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }
}
