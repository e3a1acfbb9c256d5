package com.example.sagas.shop;

import com.example.shop.Shop;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.processing.MongoTokenStore;
import dev.cairn.processing.StoredSegment;
import dev.cairn.sagas.internal.SagaWiring;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The saga processor's token moves over events no saga handles (stock and wallets here): promptly at rest, and at
 * shutdown, so the status shows no lag and a restart reads nothing again.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class SagaTokenAtRestTest {

    private static final String PROCESSOR = SagaWiring.processingGroup(OrderSaga.class);

    @Test
    void atRestTheTokenReachesTheHeadPromptly(MongoDatabase database) throws Exception {
        // Given the shop running
        try (CairnApplication app = ShopApplication.start(database, ShopApplication.sagas())) {
            // When events no saga handles are stored
            unhandledEvents(app);
            long head = head(database);

            // Then, once the processor consumed them, within a second the stored token is at the head
            awaitConsumed(app, head);
            long deadline = System.nanoTime() + 1_000_000_000L;
            while (position(database) < head && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(position(database)).isEqualTo(head);
        }
    }

    @Test
    void atShutdownTheTokenItConsumedIsStored(MongoDatabase database) throws Exception {
        // Given the shop's saga processor has consumed events no saga handles
        long head;
        try (CairnApplication app = ShopApplication.start(database, ShopApplication.sagas())) {
            unhandledEvents(app);
            head = head(database);
            awaitConsumed(app, head);
            // When it stops at once
        }

        // Then its stored token is at the head
        assertThat(position(database)).isEqualTo(head);
    }

    private static void awaitConsumed(CairnApplication app, long head) throws InterruptedException {
        StreamingEventProcessor processor = app.configuration().eventProcessingConfiguration()
                                               .eventProcessor(PROCESSOR, StreamingEventProcessor.class)
                                               .orElseThrow();
        OrderSagaEndToEndTest.await(() -> !processor.processingStatus().isEmpty()
                && processor.processingStatus().values().stream().allMatch(
                        s -> s.getTrackingToken() != null && s.getTrackingToken().position().orElse(0) >= head),
                                    "the processor consumed every event");
    }

    private static void unhandledEvents(CairnApplication app) {
        for (int i = 0; i < 20; i++) {
            app.commandGateway().sendAndWait(new Shop.StockInventory("sku-" + i, 5));
        }
    }

    private static long head(MongoDatabase database) {
        return MongoEventStorageEngine.builder().database(database).build().createHeadToken().position()
                                      .orElseThrow();
    }

    private static long position(MongoDatabase database) {
        List<StoredSegment> segments = MongoTokenStore.builder().database(database).build().segments(PROCESSOR);
        return segments.stream().map(StoredSegment::token).mapToLong(t -> t == null ? -1 : position(t)).min()
                       .orElse(-1);
    }

    private static long position(TrackingToken token) {
        return token.position().orElse(-1);
    }
}
