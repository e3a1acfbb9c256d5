package dev.cairn.projections;

import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import com.example.bank.Account;
import com.example.projections.Balances;
import com.example.bank.BankHistory;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Segments that handle none of the latest events (they are another segment's) store tokens past them promptly at
 * rest and at shutdown: the status shows no lag once the events are processed, and a restart reads nothing again.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class IdleSegmentTokensTest {

    @Test
    void atRestEverySegmentsTokenReachesTheHeadPromptly(MongoDatabase database) throws Exception {
        // Given a projection of four segments (default claim timeout, 10 s) running
        CairnProjections projections = projections();
        try (CairnApplication app = start(database, projections)) {
            // When one account's events are stored: one segment handles them, three have nothing to do
            MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
            BankHistory.write(engine, "solo-", 1, 30, 4, 3);
            long head = engine.createHeadToken().position().orElseThrow();
            assertThat(eventually(Duration.ofSeconds(30), () -> projections.tokenStore().segments("balances").stream()
                    .anyMatch(s -> s.token() != null && s.token().position().orElse(0) >= head))).isTrue();

            // Then within a second the status shows no lag: every segment's stored token is at the head
            assertThat(eventually(Duration.ofSeconds(1), () -> projections.status("balances").lagEvents() == 0))
                    .as("lag %s", projections.status("balances").lagEvents()).isTrue();
        }
    }

    @Test
    void atShutdownEverySegmentStoresTheTokenItConsumed(MongoDatabase database) throws Exception {
        // Given one account's events consumed by every segment of a running projection (one handled them)
        CairnProjections projections = projections();
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        long head;
        try (CairnApplication app = start(database, projections)) {
            BankHistory.write(engine, "solo-", 1, 30, 4, 3);
            head = engine.createHeadToken().position().orElseThrow();
            StreamingEventProcessor processor = app.configuration().eventProcessingConfiguration()
                                                   .eventProcessor("balances", StreamingEventProcessor.class)
                                                   .orElseThrow();
            assertThat(eventually(Duration.ofSeconds(30), () -> processor.processingStatus().size() == 4
                    && processor.processingStatus().values().stream().map(EventTrackerStatus::getTrackingToken)
                                .allMatch(t -> t != null && t.position().orElse(0) >= head))).isTrue();
            // When the application stops at once
        }

        // Then every segment's stored token is at the head
        assertThat(projections.tokenStore().segments("balances"))
                .allSatisfy(segment -> assertThat(segment.token().position().orElse(0)).isEqualTo(head));
    }

    private static CairnProjections projections() {
        return CairnProjections.builder()
                               .projection(new Balances(), o -> o.owns(Balances.ACCOUNTS, Balances.TOTALS)
                                                                 .segments(4))
                               .build();
    }

    private static CairnApplication start(MongoDatabase database, CairnProjections projections) {
        return Cairn.builder().database(database).aggregate(Account.class).extension(projections.extension()).start();
    }

    private static boolean eventually(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
