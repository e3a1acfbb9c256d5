package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import dev.cairn.cli.support.CliRun;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Date;
import java.util.List;

import static dev.cairn.cli.ProjectionCommandsTest.fieldNames;
import static dev.cairn.cli.ProjectionCommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parked saga events (ADR 51) as an operator sees and handles them: {@code projections status} counts them with the
 * saga processor's dead letters, {@code sagas parked} lists each saga's first event with its failure, {@code sagas
 * retry} makes a parked saga due again and {@code sagas drop} removes its events. The documents are written as the
 * sagas module stores them (format 1).
 */
@ExtendWith(EmbeddedMongoExtension.class)
class ParkedSagaCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROCESSOR = "LedgerSagaProcessor";

    private static void parked(MongoDatabase database, String sagaId, String status, int events) {
        List<Document> waiting = new java.util.ArrayList<>();
        for (int i = 1; i <= events; i++) {
            waiting.add(new Document("identifier", sagaId + "-e" + i).append("type", "com.example.shop.Shop$WalletCharged")
                                .append("payload", new Document("orderId", "o-" + i)).append("start", false));
        }
        database.getCollection(CairnCollections.PARKED_SAGA_EVENTS).insertOne(
                new Document("_id", sagaId).append("format", 1).append("sagaType", "com.example.LedgerSaga")
                        .append("processingGroup", PROCESSOR).append("status", status).append("attempts", 3)
                        .append("dueAt", new Date()).append("parkedAt", new Date())
                        .append("lastError", "java.lang.IllegalStateException: ledger down for w-1")
                        .append("version", 0L).append("events", waiting));
    }

    @Test
    void parkedSagaEventsAreCountedListedRetriedAndDropped(MongoTarget mongo, MongoDatabase database)
            throws Exception {
        // Given a saga processor with stored tokens and two sagas parked on it, with three and one events
        dev.cairn.processing.MongoTokenStore.builder().database(database).build()
                                             .initializeTokenSegments(PROCESSOR, 1);
        parked(database, "s-1", "PARKED", 3);
        parked(database, "s-2", "PARKED", 1);

        // When an operator looks at the status and the parked sagas
        CliRun status = run(mongo, database, null, "projections", "status", "--json");
        CliRun table = run(mongo, database, null, "sagas", "parked");
        CliRun json = run(mongo, database, null, "sagas", "parked", "--json");

        // Then the status counts the four waiting events, and each saga shows its first event and failure
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(JSON.readTree(status.out()).get("projections").get(0).get("deadLetters").asLong()).isEqualTo(4);
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out().lines().findFirst().orElseThrow())
                .startsWith("SAGA  PROCESSOR            STATUS  ATTEMPTS  EVENTS  FIRST EVENT");
        assertThat(table.out()).contains("s-1", "s-2", "WalletCharged", "ledger down for w-1");
        JsonNode sagas = JSON.readTree(json.out()).get("parkedSagas");
        assertThat(sagas).hasSize(2);
        assertThat(fieldNames(sagas.get(0))).containsExactly("sagaId", "sagaType", "processingGroup", "status",
                                                             "attempts", "events", "firstEvent", "firstEventType",
                                                             "lastError", "parkedAt", "dueAt");
        assertThat(sagas.get(0).get("events").asInt() + sagas.get(1).get("events").asInt()).isEqualTo(4);

        // When s-1 is retried and s-2 dropped, and either again
        CliRun retry = run(mongo, database, null, "sagas", "retry", "s-1");
        CliRun drop = run(mongo, database, null, "sagas", "drop", "s-2");
        CliRun again = run(mongo, database, null, "sagas", "drop", "s-1");

        // Then s-1 is due for the application's nodes with fresh attempts, s-2 is gone, and a saga not parked is
        // refused with exit 1
        assertThat(retry.exitCode()).as(retry.toString()).isZero();
        Document retried = database.getCollection(CairnCollections.PARKED_SAGA_EVENTS).find().first();
        assertThat(retried.getString("_id")).isEqualTo("s-1");
        assertThat(retried.getString("status")).isEqualTo("RETRYING");
        assertThat(retried.getInteger("attempts")).isZero();
        assertThat(drop.exitCode()).as(drop.toString()).isZero();
        assertThat(database.getCollection(CairnCollections.PARKED_SAGA_EVENTS).countDocuments()).isOne();
        assertThat(again.exitCode()).isOne();
        assertThat(again.out()).contains("Saga [s-1] is not parked");
    }
}
