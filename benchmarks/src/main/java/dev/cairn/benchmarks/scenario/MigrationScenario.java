package dev.cairn.benchmarks.scenario;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import dev.cairn.benchmarks.Contender;
import dev.cairn.benchmarks.internal.BenchEvents;
import dev.cairn.benchmarks.internal.Engines;
import dev.cairn.benchmarks.internal.Population;
import dev.cairn.benchmarks.report.Better;
import dev.cairn.benchmarks.report.ResultRow;
import dev.cairn.benchmarks.report.Target;
import dev.cairn.migration.AxonMongoMigration;
import dev.cairn.migration.MigrationReport;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.bson.BsonDocument;
import org.bson.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code migration}: moving an axon-mongo store into Cairn with {@code AxonMongoMigration} (ADR 82), in events per
 * second, against a raw driver copy of the same documents in the same order (read sorted, {@code insertMany} of
 * 1,000, nothing converted), both measured after one untimed pass of each (so neither pays the JIT's warm-up): once
 * as the benchmark's writers leave the store (each aggregate's events consecutive) and once with aggregates
 * interleaved (every event a commit of its own); then the cut-over's delta: 10,000 new events (the quick and full
 * runs) after a bulk of 20,000, and a pass with nothing new (what every delta run pays per event already copied), from
 * which the cut-over of a 10-million-event store is projected.
 */
final class MigrationScenario implements Scenario {

    private static final int BATCH = 1_000;
    private static final long PROJECTED_STORE = 10_000_000L;

    @Override
    public String name() {
        return "migration";
    }

    @Override
    public String description() {
        return "axon-mongo to Cairn: events/s of the migration vs a raw driver copy; delta run of 10,000 new events";
    }

    @Override
    public List<ResultRow> run(ScenarioContext context) throws Exception {
        int bulk = context.settings().sizeEvents() * 2;
        int newEvents = context.settings().sizeEvents(); // 10,000 in the quick and full runs
        MongoDatabase source = context.database(Contender.AXON_MONGO);
        MongoDatabase target = context.database(Contender.CAIRN);
        MongoDatabase raw = context.database(Contender.RAW);
        EventStorageEngine legacy = Engines.axonMongo(context.client(), context.databaseName(Contender.AXON_MONGO));
        Population.append(legacy, bulk, 1, 100, 1);
        context.progress("axon-mongo store of " + bulk + " events written");

        // both are measured warm: one untimed pass of each first, into a database dropped afterwards (otherwise the
        // JIT's warm-up is charged to whichever runs first)
        MongoDatabase warmup = context.client().getDatabase(context.databaseName(Contender.CAIRN) + "_warmup");
        rawCopy(source.getCollection(Engines.AXON_MONGO_EVENTS, BsonDocument.class),
                warmup.getCollection("copy", BsonDocument.class));
        AxonMongoMigration.builder().sourceDatabase(source).targetDatabase(warmup).batchSize(BATCH).build().run();
        warmup.drop();

        long rawStart = System.nanoTime();
        long copied = rawCopy(source.getCollection(Engines.AXON_MONGO_EVENTS, BsonDocument.class),
                              raw.getCollection("copy", BsonDocument.class));
        double rawRate = copied / seconds(rawStart);
        context.progress(String.format(Locale.ROOT, "raw driver copy: %,.0f events/s", rawRate));

        AxonMongoMigration migration = AxonMongoMigration.builder().sourceDatabase(source).targetDatabase(target)
                                                         .batchSize(BATCH).build();
        MigrationReport first = migration.run();
        double migrationRate = first.copiedEvents() / (first.elapsed().toNanos() / 1e9);
        context.progress(String.format(Locale.ROOT, "migration: %,.0f events/s", migrationRate));

        for (int i = 0; i < newEvents; i++) {
            legacy.appendEvents(BenchEvents.commit("delta-" + i / 100, i % 100, 1));
        }
        MigrationReport delta = migration.run();
        double deltaSeconds = delta.elapsed().toNanos() / 1e9;
        MigrationReport nothingNew = migration.run();
        double checkSeconds = nothingNew.elapsed().toNanos() / 1e9;
        double checkRate = nothingNew.alreadyCopied() / checkSeconds;
        double copyPart = Math.max(0, deltaSeconds - checkSeconds * delta.alreadyCopied()
                / Math.max(1, nothingNew.alreadyCopied()));
        double projected = PROJECTED_STORE / checkRate + copyPart;
        boolean verified = migration.verify().matches();
        context.progress(String.format(Locale.ROOT, "delta of %d over %d: %.2f s; pass with nothing new: %.2f s; "
                                               + "verified: %s", delta.copiedEvents(), delta.alreadyCopied(),
                                       deltaSeconds, checkSeconds, verified));
        for (Contender contender : Contender.values()) {
            context.dropDatabase(contender);
        }

        // the same number of events with aggregates interleaved: no two consecutive events share an aggregate, so
        // each is a commit of its own (the least favourable history for the migration)
        EventStorageEngine interleaved = Engines.axonMongo(context.client(),
                                                           context.databaseName(Contender.AXON_MONGO));
        int aggregates = Math.max(1, bulk / 100);
        for (int i = 0; i < bulk; i++) {
            interleaved.appendEvents(BenchEvents.commit("mix-" + i % aggregates, i / aggregates, 1));
        }
        long mixedRawStart = System.nanoTime();
        long mixedCopied = rawCopy(source.getCollection(Engines.AXON_MONGO_EVENTS, BsonDocument.class),
                                   raw.getCollection("copy", BsonDocument.class));
        double mixedRawRate = mixedCopied / seconds(mixedRawStart);
        MigrationReport mixed = AxonMongoMigration.builder().sourceDatabase(source).targetDatabase(target)
                                                  .batchSize(BATCH).build().run();
        double mixedRate = mixed.copiedEvents() / (mixed.elapsed().toNanos() / 1e9);
        context.progress(String.format(Locale.ROOT, "interleaved: raw %,.0f events/s, migration %,.0f events/s",
                                       mixedRawRate, mixedRate));
        for (Contender contender : Contender.values()) {
            context.dropDatabase(contender);
        }
        List<ResultRow> rows = new ArrayList<>();
        rows.add(ResultRow.of(name(), "events/s copied (" + bulk + " events)", Better.HIGHER, migrationRate, rawRate,
                              null)
                          .withTarget(Target.atLeast(0.5, Target.Reference.RAW))
                          .withNote("raw: the same documents read in the same order and inserted unchanged; the "
                                            + "migration converts them into Cairn commits (consecutive events of one "
                                            + "aggregate share one: here 100 a commit), checks which are already "
                                            + "stored, and converts tokens and snapshots"));
        rows.add(ResultRow.of(name(), "events/s copied, aggregates interleaved (" + bulk + " events)", Better.HIGHER,
                              mixedRate, mixedRawRate, null)
                          .withNote("no two consecutive events share an aggregate, so every event is a commit of "
                                            + "its own: the least favourable history; the target applies to the row "
                                            + "above"));
        rows.add(ResultRow.of(name(), "delta run: seconds for " + newEvents + " new events over " + bulk, Better.LOWER,
                              deltaSeconds, null, null)
                          .withNote(String.format(Locale.ROOT, "a pass with nothing new took %.2f s (%,.0f events "
                                                          + "checked/s); projected cut-over delta for a %,d-event store: "
                                                          + "%.0f s (every event is checked by identifier, against "
                                                          + "the target's identifiers read once); verified: %s",
                                                  checkSeconds, checkRate, PROJECTED_STORE, projected, verified)));
        return rows;
    }

    private static long rawCopy(MongoCollection<BsonDocument> from, MongoCollection<BsonDocument> to) {
        long copied = 0;
        List<BsonDocument> batch = new ArrayList<>(BATCH);
        try (MongoCursor<BsonDocument> cursor = from.find().sort(new Document("timestamp", 1)
                                                                         .append("sequenceNumber", 1))
                                                    .batchSize(BATCH).iterator()) {
            while (cursor.hasNext()) {
                batch.add(cursor.next());
                if (batch.size() == BATCH || !cursor.hasNext()) {
                    to.insertMany(batch);
                    copied += batch.size();
                    batch.clear();
                }
            }
        }
        return copied;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
