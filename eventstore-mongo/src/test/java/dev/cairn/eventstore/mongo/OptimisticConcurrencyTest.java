package dev.cairn.eventstore.mongo;

import com.mongodb.client.MongoDatabase;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

import static dev.cairn.eventstore.mongo.TestEvents.deposited;
import static dev.cairn.eventstore.mongo.TestEvents.deposits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Property 2: a stale append fails with Axon's concurrency exceptions, names the aggregate, and leaves nothing.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class OptimisticConcurrencyTest {

    private MongoDatabase database;
    private MongoEventStorageEngine engine;

    @BeforeEach
    void setUp(MongoDatabase database) {
        this.database = database;
        this.engine = MongoEventStorageEngine.builder().database(database).build();
    }

    @Test
    void aStaleAppendFailsNamingTheAggregateAndSequence() {
        // given
        engine.appendEvents(deposits("acc-1", 0, 3));

        // when / then
        assertThatThrownBy(() -> engine.appendEvents(deposits("acc-1", 2, 2)))
                .isInstanceOf(ConcurrencyException.class)
                .isNotInstanceOf(AggregateStreamCreationException.class)
                .hasMessageContaining("acc-1")
                .hasMessageContaining("[2]");
        assertThat(engine.readEvents("acc-1").asStream().count()).isEqualTo(3);
        assertThat(database.getCollection("events").countDocuments(new org.bson.Document("voided", null)))
                .isEqualTo(1);
    }

    @Test
    void twoWritersCreatingTheSameAggregateGetAStreamCreationConflict() {
        // given
        engine.appendEvents(deposited("acc-2", 0));

        // when / then
        assertThatThrownBy(() -> engine.appendEvents(deposited("acc-2", 0)))
                .isInstanceOf(AggregateStreamCreationException.class)
                .hasMessageContaining("acc-2");
    }

    @Test
    void concurrentWritersOfOneSequenceNumberHaveExactlyOneWinner() throws Exception {
        // given eight writers racing for acc-3 sequence 1
        engine.appendEvents(deposited("acc-3", 0));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> outcomes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Callable<Boolean> writer = () -> {
                start.await();
                try {
                    engine.appendEvents(deposited("acc-3", 1));
                    return true;
                } catch (ConcurrencyException e) {
                    return false;
                }
            };
            outcomes.add(pool.submit(writer));
        }

        // when
        start.countDown();
        int winners = 0;
        for (Future<Boolean> outcome : outcomes) {
            winners += outcome.get() ? 1 : 0;
        }
        pool.shutdown();

        // then
        assertThat(winners).isEqualTo(1);
        assertThat(engine.readEvents("acc-3").asStream().count()).isEqualTo(2);
        assertThat(engine.readEvents(null, false).count()).isEqualTo(2);
    }

    @Test
    void withoutAnExceptionResolverADuplicateIsAPlainEventStoreException() {
        // given
        MongoEventStorageEngine unresolved = MongoEventStorageEngine.builder().database(database)
                                                                    .persistenceExceptionResolver(e -> false)
                                                                    .build();
        unresolved.appendEvents(deposited("acc-4", 0));

        // when / then
        assertThatThrownBy(() -> unresolved.appendEvents(deposited("acc-4", 0)))
                .isInstanceOf(EventStoreException.class);
    }
}
