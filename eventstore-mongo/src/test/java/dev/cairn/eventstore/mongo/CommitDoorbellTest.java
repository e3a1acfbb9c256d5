package dev.cairn.eventstore.mongo;

import com.mongodb.client.MongoClient;
import dev.cairn.mongo.embedded.EmbeddedMongo;
import org.axonframework.common.Registration;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commit doorbell (ADR 83) on the embedded server: with change streams (oplog on) it rings for another client's
 * commit within milliseconds; without them it stays silent and harmless, and it stops when its last listener leaves.
 * Each test starts its own server, also under {@code CAIRN_MONGO_URI}: the point is the two kinds of server.
 */
class CommitDoorbellTest {

    @Test
    void ringsWhenAnotherClientStoresACommit() throws Exception {
        // Given a doorbell listening on a server with change streams (the embedded one reports no replica set, so
        // the engine is told)
        try (EmbeddedMongo server = EmbeddedMongo.startWithChangeStreams();
             MongoClient listenerClient = server.newClient();
             MongoClient writerClient = server.newClient()) {
            MongoEventStorageEngine listening = MongoEventStorageEngine.builder()
                                                                       .database(listenerClient.getDatabase("bell"))
                                                                       .changeStreamsOnStandalone(true)
                                                                       .build();
            MongoEventStorageEngine writer = MongoEventStorageEngine.builder()
                                                                    .database(writerClient.getDatabase("bell"))
                                                                    .build();
            AtomicLong rings = new AtomicLong();
            Registration registration = listening.commitDoorbell().subscribe(rings::incrementAndGet);
            try {
                assertThat(eventually(Duration.ofSeconds(5), () -> listening.commitDoorbell().listening())).isTrue();
                assertThat(eventually(Duration.ofSeconds(1), () -> rings.get() >= 1)).as("ring on opening").isTrue();
                long before = rings.get();

                // When another client stores a commit
                writer.appendEvents(TestEvents.deposits(TestEvents.newId(), 0, 3));
                long stored = System.nanoTime();

                // Then the doorbell rings within milliseconds (the embedded server's stream is asked every 5 ms)
                assertThat(eventually(Duration.ofSeconds(2), () -> rings.get() > before)).isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - stored)).isLessThan(Duration.ofMillis(200));
            } finally {
                registration.cancel();
            }

            // and once its last listener left, it stops listening
            assertThat(eventually(Duration.ofSeconds(3), () -> !listening.commitDoorbell().listening())).isTrue();
        }
    }

    @Test
    void withoutChangeStreamsTheDoorbellIsSilentAndListenersStillWork() throws Exception {
        // Given a server without change streams (as a standalone MongoDB)
        try (EmbeddedMongo server = EmbeddedMongo.start();
             MongoClient client = server.newClient()) {
            MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(client.getDatabase("bell"))
                                                                    .build();
            AtomicLong rings = new AtomicLong();

            // When a listener subscribes and a commit is stored
            Registration registration = engine.commitDoorbell().subscribe(rings::incrementAndGet);
            engine.appendEvents(TestEvents.deposits(TestEvents.newId(), 0, 2));
            Thread.sleep(300);

            // Then the doorbell never opened a stream (the server's hello names no replica set) nor rang, and storing
            // and reading were not disturbed
            assertThat(engine.commitDoorbell().listening()).isFalse();
            assertThat(rings.get()).isZero();
            assertThat(engine.createHeadToken().position()).hasValue(2L);
            assertThat(registration.cancel()).isTrue();
        }
    }

    @Test
    void aNullListenerIsRefusedByName() {
        // Given an engine
        try (EmbeddedMongo server = EmbeddedMongo.start();
             MongoClient client = server.newClient()) {
            MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(client.getDatabase("bell"))
                                                                    .build();

            // When / Then a null listener is refused with a message naming it
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.commitDoorbell().subscribe(null))
                                           .isInstanceOf(IllegalArgumentException.class)
                                           .hasMessageContaining("doorbell listener");
        }
    }

    private static boolean eventually(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }
}
