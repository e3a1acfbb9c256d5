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
import dev.cairn.benchmarks.Contender;
import dev.cairn.benchmarks.internal.BenchBank;
import dev.cairn.benchmarks.report.Better;
import dev.cairn.benchmarks.report.ResultRow;
import dev.cairn.benchmarks.report.Target;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.projections.CairnProjections;
import org.bson.Document;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code projection}: catch-up (rebuild) rate of a realistic projection — one document per account and one summary
 * document fed by every account — from the tail of an event store to its head. Cairn runs the projection through
 * {@code CairnProjections} (pooled processor, Mongo token store, idempotent read-model writes); the raw baseline scans
 * the same commit documents with the driver and bulk-writes the same read model (unordered upserts, batches of
 * 1,000). axon-mongo has no projection support to compare.
 */
final class ProjectionScenario implements Scenario {

    private static final int ACCOUNTS = 1_000;

    @Override
    public String name() {
        return "projection";
    }

    @Override
    public String description() {
        return "projection catch-up rate (per-account upsert + one summary document), Cairn vs a raw driver scan "
                + "with bulk writes";
    }

    @Override
    public List<ResultRow> run(ScenarioContext context) throws Exception {
        int events = Math.max(500, context.settings().streamEvents() / 5);
        MongoDatabase database = context.database(Contender.CAIRN);
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        BenchBank.populate(engine, events, ACCOUNTS);
        long head = engine.createHeadToken().position().orElseThrow();
        context.progress("stored " + events + " deposits");
        // one warm-up catch-up each, then the measured ones, alternating who goes first
        catchUp(context, database, head, "warm-up-1");
        raw(database, "warm_");
        double cairnSeconds = 0;
        double rawSeconds = 0;
        for (int round = 0; round < 2; round++) {
            if (round % 2 == 0) {
                cairnSeconds += catchUp(context, database, head, "round-" + round);
                rawSeconds += raw(database, "raw" + round + "_");
            } else {
                rawSeconds += raw(database, "raw" + round + "_");
                cairnSeconds += catchUp(context, database, head, "round-" + round);
            }
            context.progress(String.format("round %d: cairn %.2f s, raw %.2f s (cumulative)", round, cairnSeconds,
                                           rawSeconds));
        }
        double cairnRate = 2 * events / cairnSeconds;
        double rawRate = 2 * events / rawSeconds;
        return List.of(ResultRow.of(name(), "catch-up events/s (" + events + " events, 4 segments)", Better.HIGHER,
                                    cairnRate, rawRate, null)
                                .withTarget(Target.atLeast(0.5, Target.Reference.RAW))
                                .withNote("read model: one document per account (" + ACCOUNTS + ") + one summary"));
    }

    /** Builds the projection from the tail under a fresh name; returns the seconds until it reached the head. */
    private static double catchUp(ScenarioContext context, MongoDatabase database, long head, String run)
            throws InterruptedException {
        database.getCollection(BenchBank.ACCOUNTS).deleteMany(new Document());
        database.getCollection(BenchBank.TOTALS).deleteMany(new Document());
        database.getCollection("cairn_tokens").deleteMany(new Document());
        CairnProjections projections = CairnProjections.builder()
                                                       .projection(new BenchBank.Balances(),
                                                                   o -> o.owns(BenchBank.ACCOUNTS, BenchBank.TOTALS))
                                                       .build();
        long started = System.nanoTime();
        try (CairnApplication ignored = Cairn.builder().database(database).extension(projections.extension())
                                             .start()) {
            if (!projections.awaitCaughtUp("bench-balances", head, Duration.ofMinutes(5))) {
                throw new IllegalStateException("The projection did not catch up in 5 minutes (" + run + ")");
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            context.progress(String.format("cairn %s: %.2f s", run, seconds));
            return seconds;
        }
    }

    /** Scans the commits in global order and bulk-writes the same read model; returns the seconds it took. */
    private static double raw(MongoDatabase database, String prefix) {
        MongoCollection<Document> accounts = database.getCollection(prefix + BenchBank.ACCOUNTS);
        MongoCollection<Document> totals = database.getCollection(prefix + BenchBank.TOTALS);
        accounts.deleteMany(new Document());
        totals.deleteMany(new Document());
        long started = System.nanoTime();
        List<WriteModel<Document>> batch = new ArrayList<>();
        long batchTotal = 0;
        int batchDeposits = 0;
        UpdateOptions upsert = new UpdateOptions().upsert(true);
        for (Document commit : database.getCollection("events").find().sort(Sorts.ascending("_id")).batchSize(1_000)) {
            for (Document event : commit.getList("events", Document.class, List.of())) {
                Document payload = event.get("payload", Document.class);
                long amount = payload.get("amount", Number.class).longValue();
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
        return (System.nanoTime() - started) / 1e9;
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
