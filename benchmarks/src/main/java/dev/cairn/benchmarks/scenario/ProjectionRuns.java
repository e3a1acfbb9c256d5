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
import org.axonframework.eventhandling.TrackedEventMessage;
import org.bson.Document;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The timed runs of the {@code projection} scenario, each measured two ways from one run: from its start (starting
 * the application, opening the query) and from its first event (the first event a handler handled, the first
 * document or event a read returned) to its end, so that start-up neither flatters nor hides a rate.
 */
final class ProjectionRuns {

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
