package dev.cairn.processing;

import com.example.streaming.Moves;
import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The processor tests' store: {@link Moves} appended to Cairn's engine on the test's database, read through Axon's
 * embedded event store, with the helpers every processor test needs.
 */
final class MovesStore {

    private final MongoEventStorageEngine engine;
    private final EmbeddedEventStore store;
    private final Map<String, Integer> sequences = new HashMap<>();

    MovesStore(MongoDatabase database) {
        this.engine = MongoEventStorageEngine.builder().database(database).build();
        this.store = EmbeddedEventStore.builder().storageEngine(engine).build();
    }

    EmbeddedEventStore store() {
        return store;
    }

    MongoEventStorageEngine engine() {
        return engine;
    }

    /** Stores {@code moves} moves, one per commit, of {@code items} items in turn; each item's steps count from 0. */
    void append(int moves, int items) {
        for (int i = 0; i < moves; i++) {
            String item = "item-" + i % items;
            engine.appendEvents(move(item, sequences.merge(item, 1, Integer::sum) - 1));
        }
    }

    static EventMessage<?> move(String item, int step) {
        return new GenericDomainEventMessage<>("Item", item, step, new Moves.Moved(item, step));
    }

    /** @return {@code handler} in an invoker sequencing per aggregate that lets a handler's failure through */
    static SimpleEventHandlerInvoker invoker(Object handler) {
        return SimpleEventHandlerInvoker.builder()
                                        .eventHandlers(handler)
                                        .listenerInvocationErrorHandler(PropagatingErrorHandler.instance())
                                        .sequencingPolicy(SequentialPerAggregatePolicy.instance())
                                        .build();
    }

    /** @return whether {@code condition} held within {@code timeout}, looking every 20 ms */
    static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }
}
