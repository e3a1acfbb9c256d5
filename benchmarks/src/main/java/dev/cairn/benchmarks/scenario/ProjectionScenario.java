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
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.projections.CairnProjections;
import dev.cairn.projections.Rebuild;
import dev.cairn.projections.RebuildMode;
import dev.cairn.projections.RebuildOptions;
import org.bson.Document;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code projection}: catch-up (rebuild) rate of a realistic projection — one document per account and one summary
 * document fed by every account — from the tail of an event store to its head, with the default projection options.
 * Cairn runs it through {@code CairnProjections} (pooled processor, Mongo token store, idempotent read-model writes,
 * application start included); the raw baseline scans the same commit documents with the driver and bulk-writes the
 * same read model (unordered upserts, batches of 1,000). A second row runs the processor with a handler that writes
 * nothing, against a raw scan alone, to show what reading, dispatching and tokens cost. Two more rows rebuild the
 * caught-up projection in place and blue/green on the bulk path (batches of 1,000), against the same raw baseline.
 * axon-mongo has no projections.
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
        // a warm-up of each, then two measured rounds with the first contender alternating
        catchUp(context, database, head, new BenchBank.Balances(), "bench-balances", "warm-up");
        raw(database, "warm_", true);
        double cairn = 0;
        double raw = 0;
        double cairnAlone = 0;
        double rawAlone = 0;
        for (int round = 0; round < 2; round++) {
            boolean cairnFirst = round % 2 == 0;
            if (!cairnFirst) {
                raw += raw(database, "raw" + round + "_", true);
                rawAlone += raw(database, "scan" + round + "_", false);
            }
            cairn += catchUp(context, database, head, new BenchBank.Balances(), "bench-balances", "round " + round);
            cairnAlone += catchUp(context, database, head, new BenchBank.Noop(), "bench-noop", "round " + round);
            if (cairnFirst) {
                raw += raw(database, "raw" + round + "_", true);
                rawAlone += raw(database, "scan" + round + "_", false);
            }
        }
        context.progress(String.format(Locale.ROOT, "cairn %.2f s, raw %.2f s; without writes: cairn %.2f s, raw "
                                               + "scan %.2f s", cairn, raw, cairnAlone, rawAlone));
        double inPlace = rebuild(context, database, head, RebuildMode.IN_PLACE);
        double blueGreen = rebuild(context, database, head, RebuildMode.BLUE_GREEN);
        return List.of(ResultRow.of(name(), "catch-up events/s (" + events + " events, default options)",
                                    Better.HIGHER, 2 * events / cairn, 2 * events / raw, null)
                                .withTarget(Target.atLeast(0.5, Target.Reference.RAW))
                                .withNote("read model: one document per account (" + ACCOUNTS + ") + one summary "
                                                  + "document; Cairn's time includes starting the application"),
                       ResultRow.of(name(), "catch-up events/s, handler writing nothing", Better.HIGHER,
                                    2 * events / cairnAlone, 2 * events / rawAlone, null)
                                .withNote("processor, stream and token writes alone vs a raw scan alone"),
                       ResultRow.of(name(), "rebuild in place events/s (bulk path, batches of 1,000)", Better.HIGHER,
                                    events / inPlace, 2 * events / raw, null)
                                .withNote("from the rebuild call to its completion: pause, reset, replay"),
                       ResultRow.of(name(), "rebuild blue/green events/s (bulk path, batches of 1,000)",
                                    Better.HIGHER, events / blueGreen, 2 * events / raw, null)
                                .withNote("from the rebuild call to the switch, while version 1 serves reads"));
    }

    /**
     * Rebuilds a caught-up projection the way the command line does (a process running only it, batches of 1,000);
     * returns the seconds from the rebuild call to its completion.
     */
    private static double rebuild(ScenarioContext context, MongoDatabase database, long head, RebuildMode mode)
            throws InterruptedException {
        for (String collection : List.of(BenchBank.ACCOUNTS, BenchBank.TOTALS, BenchBank.ACCOUNTS + "__v2",
                                         BenchBank.TOTALS + "__v2", CairnCollections.TOKENS,
                                         CairnCollections.PROJECTION_ALIASES, CairnCollections.PROJECTION_CONTROL)) {
            database.getCollection(collection).deleteMany(new Document());
        }
        CairnProjections projections = CairnProjections.builder()
                                                       .projection(new BenchBank.Balances(),
                                                                   o -> o.owns(BenchBank.ACCOUNTS, BenchBank.TOTALS)
                                                                         .batchSize(1_000))
                                                       .build();
        String name = "bench-balances";
        try (CairnApplication ignored = Cairn.builder().database(database).extension(projections.extension())
                                             .start()) {
            if (!projections.awaitCaughtUp(name, head, Duration.ofMinutes(5))) {
                throw new IllegalStateException("Projection [" + name + "] did not catch up before its rebuild");
            }
            long started = System.nanoTime();
            Rebuild rebuild = projections.rebuild(name, RebuildOptions.defaults().mode(mode));
            if (!rebuild.await(Duration.ofMinutes(5))) {
                throw new IllegalStateException("The " + mode + " rebuild did not finish in 5 minutes: "
                                                        + rebuild.progress());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            context.progress(String.format(Locale.ROOT, "cairn rebuild %s: %.2f s", mode, seconds));
            return seconds;
        }
    }

    /** Builds a projection from the tail under a fresh token set; returns the seconds until it reached the head. */
    private static double catchUp(ScenarioContext context, MongoDatabase database, long head, Object projection,
                                  String name, String run) throws InterruptedException {
        database.getCollection(BenchBank.ACCOUNTS).deleteMany(new Document());
        database.getCollection(BenchBank.TOTALS).deleteMany(new Document());
        database.getCollection("cairn_tokens").deleteMany(new Document());
        CairnProjections projections = CairnProjections.builder()
                                                       .projection(projection, o -> o.owns(BenchBank.ACCOUNTS,
                                                                                           BenchBank.TOTALS))
                                                       .build();
        long started = System.nanoTime();
        try (CairnApplication ignored = Cairn.builder().database(database).extension(projections.extension())
                                             .start()) {
            if (!projections.awaitCaughtUp(name, head, Duration.ofMinutes(5))) {
                throw new IllegalStateException("Projection [" + name + "] did not catch up to " + head
                                                        + " in 5 minutes (" + run + "): "
                                                        + projections.status(name));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            context.progress(String.format(Locale.ROOT, "cairn %s %s: %.2f s", name, run, seconds));
            return seconds;
        }
    }

    /** Scans the commits in global order and, when {@code write}, bulk-writes the same read model; seconds. */
    private static double raw(MongoDatabase database, String prefix, boolean write) {
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
