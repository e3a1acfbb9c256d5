package dev.cairn.benchmarks.scenario;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.benchmarks.internal.BenchBank;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.projections.CairnProjections;
import dev.cairn.projections.ProjectionOptions;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.bson.Document;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The timed runs of the {@code projection} scenario, each measured two ways from one run: from its start (starting
 * the application, opening the query) and from its first event (the first event a handler handled, the first
 * document or event a read returned) to its end, so that start-up neither flatters nor hides a rate. No run asks for
 * a full collection first: the one it makes shrinks the heap, and the next run's young collections then fall into its
 * sub-second window, hardest on the run that allocates most (ADR 94).
 */
final class ProjectionRuns {

    /** Events per unit of work of {@link #invokerAlone}: the projections' default batch. */
    static final int INVOKER_BATCH = ProjectionOptions.DEFAULT_BATCH_SIZE;

    private ProjectionRuns() {
    }

    /**
     * Seconds one run took.
     *
     * @param total  from its start to its end
     * @param steady from its first event to its end (after start-up)
     */
    record Timing(double total, double steady) {

        static final Timing ZERO = new Timing(0, 0);

        Timing plus(Timing other) {
            return new Timing(total + other.total, steady + other.steady);
        }

        static Timing of(long started, long firstEvent, long ended) {
            if (firstEvent == 0) {
                throw new IllegalStateException("The run handled no event");
            }
            return new Timing((ended - started) / 1e9, (ended - firstEvent) / 1e9);
        }
    }

    /**
     * Builds a projection from the tail under a fresh token set, with the default options, until it reached
     * {@code head}.
     */
    static Timing catchUp(ScenarioContext context, MongoDatabase database, long head, BenchBank.Timed projection,
                          String name, String run) throws InterruptedException {
        for (String collection : List.of(BenchBank.ACCOUNTS, BenchBank.TOTALS, CairnCollections.TOKENS)) {
            database.getCollection(collection).deleteMany(new Document());
        }
        CairnProjections projections = CairnProjections.builder()
                                                       .projection(projection, o -> o.owns(BenchBank.ACCOUNTS,
                                                                                           BenchBank.TOTALS))
                                                       .build();
        long started = System.nanoTime();
        try (CairnApplication ignored = Cairn.builder().database(database).extension(projections.extension())
                                             .start()) {
            if (!projections.awaitCaughtUp(name, head, Duration.ofMinutes(10))) {
                throw new IllegalStateException("Projection [" + name + "] did not catch up to " + head
                                                        + " in 10 minutes (" + run + "): "
                                                        + projections.status(name));
            }
            Timing timing = Timing.of(started, projection.firstHandledNanos(), System.nanoTime());
            context.progress(String.format(Locale.ROOT, "cairn %s %s: %.2f s, %.2f s after its first event",
                                           name, run, timing.total(), timing.steady()));
            return timing;
        }
    }

    /**
     * Reads every event from the tail through Cairn's engine ({@code readEvents(tail, false)}), consuming each
     * payload: Cairn's own stream rate on the same events, the processor's ceiling.
     */
    static Timing stream(MongoEventStorageEngine engine, long events) {
        long started = System.nanoTime();
        long first = 0;
        long read = 0;
        try (Stream<? extends TrackedEventMessage<?>> stream = engine.readEvents(engine.createTailToken(), false)) {
            Iterator<? extends TrackedEventMessage<?>> iterator = stream.iterator();
            while (iterator.hasNext()) {
                if (iterator.next().getPayload() == null) {
                    throw new IllegalStateException("An event without a payload in the stream");
                }
                if (first == 0) {
                    first = System.nanoTime();
                }
                read++;
            }
        }
        if (read != events) {
            throw new IllegalStateException("The stream read " + read + " events, not " + events);
        }
        return Timing.of(started, first, System.nanoTime());
    }

    /**
     * Axon's event handler invoker with no processor around it: this thread reads Cairn's stream from the tail and
     * hands batches of {@value #INVOKER_BATCH} events to one handling thread, which runs each batch in a unit of work
     * through a {@link SimpleEventHandlerInvoker} with per-aggregate sequencing. No claims, segments, tokens,
     * interceptors or dead letters: the rate any processor dispatching through Axon's invoker could reach here.
     */
    static Timing invokerAlone(MongoEventStorageEngine engine, BenchBank.Timed handler, long events)
            throws InterruptedException {
        SimpleEventHandlerInvoker invoker = SimpleEventHandlerInvoker.builder()
                                                                     .eventHandlers(handler)
                                                                     .sequencingPolicy(
                                                                             SequentialPerAggregatePolicy.instance())
                                                                     .build();
        BlockingQueue<List<TrackedEventMessage<?>>> batches = new ArrayBlockingQueue<>(4);
        AtomicLong handled = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread handling = new Thread(() -> {
            try {
                for (List<TrackedEventMessage<?>> batch = batches.take(); !batch.isEmpty(); batch = batches.take()) {
                    BatchingUnitOfWork<TrackedEventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(batch);
                    unitOfWork.executeWithResult(() -> {
                        invoker.handle(unitOfWork.getMessage(), Segment.ROOT_SEGMENT);
                        return null;
                    });
                    handled.addAndGet(batch.size());
                }
            } catch (Exception e) {
                failure.set(e);
            }
        }, "cairn-bench-invoker");
        long started = System.nanoTime();
        handling.start();
        List<TrackedEventMessage<?>> batch = new ArrayList<>(INVOKER_BATCH);
        try (Stream<? extends TrackedEventMessage<?>> stream = engine.readEvents(engine.createTailToken(), false)) {
            for (Iterator<? extends TrackedEventMessage<?>> it = stream.iterator(); it.hasNext(); ) {
                TrackedEventMessage<?> event = it.next();
                if (invoker.canHandle(event, Segment.ROOT_SEGMENT)) {
                    batch.add(event);
                }
                if (batch.size() == INVOKER_BATCH) {
                    batches.put(batch);
                    batch = new ArrayList<>(INVOKER_BATCH);
                }
            }
        }
        if (!batch.isEmpty()) {
            batches.put(batch);
        }
        batches.put(List.of());
        handling.join();
        if (failure.get() != null) {
            throw new IllegalStateException("Axon's invoker failed on its own", failure.get());
        }
        if (handled.get() != events) {
            throw new IllegalStateException("Axon's invoker handled " + handled.get() + " events, not " + events);
        }
        return Timing.of(started, handler.firstHandledNanos(), System.nanoTime());
    }

    /** Scans the commits in global order and, when {@code write}, bulk-writes the same read model. */
    static Timing raw(MongoDatabase database, String prefix, boolean write) {
        MongoCollection<Document> accounts = database.getCollection(prefix + BenchBank.ACCOUNTS);
        MongoCollection<Document> totals = database.getCollection(prefix + BenchBank.TOTALS);
        accounts.deleteMany(new Document());
        totals.deleteMany(new Document());
        long started = System.nanoTime();
        long first = 0;
        List<WriteModel<Document>> batch = new ArrayList<>();
        long batchTotal = 0;
        int batchDeposits = 0;
        UpdateOptions upsert = new UpdateOptions().upsert(true);
        for (Document commit : database.getCollection("events").find().sort(Sorts.ascending("_id")).batchSize(1_000)) {
            if (first == 0) {
                first = System.nanoTime();
            }
            for (Document event : commit.getList("events", Document.class, List.of())) {
                Document payload = event.get("payload", Document.class);
                long amount = payload.get("amount", Number.class).longValue();
                if (!write) {
                    continue;
                }
                batch.add(new UpdateOneModel<>(Filters.eq("_id", payload.getString("accountId")),
                                               Updates.combine(Updates.inc("balance", amount),
                                                               Updates.inc("deposits", 1)), upsert));
                batchTotal += amount;
                batchDeposits++;
                if (batch.size() == 1_000) {
                    flush(accounts, totals, batch, batchTotal, batchDeposits);
                    batch = new ArrayList<>();
                    batchTotal = 0;
                    batchDeposits = 0;
                }
            }
        }
        flush(accounts, totals, batch, batchTotal, batchDeposits);
        return Timing.of(started, first, System.nanoTime());
    }

    private static void flush(MongoCollection<Document> accounts, MongoCollection<Document> totals,
                              List<WriteModel<Document>> batch, long total, int deposits) {
        if (batch.isEmpty()) {
            return;
        }
        accounts.bulkWrite(batch, new BulkWriteOptions().ordered(false));
        totals.updateOne(Filters.eq("_id", "all"), Updates.combine(Updates.inc("total", total),
                                                                   Updates.inc("deposits", deposits)),
                         new UpdateOptions().upsert(true));
    }
}
