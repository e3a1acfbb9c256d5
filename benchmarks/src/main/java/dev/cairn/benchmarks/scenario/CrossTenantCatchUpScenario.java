package dev.cairn.benchmarks.scenario;

import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.benchmarks.internal.BenchBank;
import dev.cairn.benchmarks.report.Better;
import dev.cairn.benchmarks.report.ResultRow;
import dev.cairn.benchmarks.report.Target;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.projections.CairnProjections;
import dev.cairn.tenants.CairnTenants;
import dev.cairn.tenants.Tenant;
import org.bson.Document;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code tenants-catch-up} (ADR 85): catch-up rate of a projection across tenants over {@value #STORES} tenants'
 * stores of {@code N / 4} events each, against the same projection over one store of {@code N} events. The projection
 * is the {@code projection} scenario's (one document per account and one summary document, default options); the
 * cross-tenant one reads {@code TenantStreams} with a tracking processor, the single-store one the event store with
 * the pooled processor. Each time runs from starting the application(s) (the tenants' and the cross-tenant one, or
 * the single one) until the summary document counts every event. All stores are on the one embedded server, so this
 * measures what reading several streams costs, not what several primaries give.
 */
final class CrossTenantCatchUpScenario implements Scenario {

    static final int STORES = 4;
    private static final int ACCOUNTS = 1_000;
    private static final String SINGLE = "bench_tenants_single";
    private static final String DIRECTORY = "bench_tenants_directory";

    @Override
    public String name() {
        return "tenants-catch-up";
    }

    @Override
    public String description() {
        return "projection catch-up across " + STORES + " tenants' stores vs one store of the same total size";
    }

    @Override
    public List<ResultRow> run(ScenarioContext context) throws Exception {
        int events = Math.max(STORES * 500, context.settings().streamEvents() / 5 / STORES * STORES);
        BenchBank.populate(MongoEventStorageEngine.builder().database(context.client().getDatabase(SINGLE)).build(),
                           events, ACCOUNTS);
        MongoDatabase directory = context.client().getDatabase(DIRECTORY);
        try (CairnTenants registry = CairnTenants.builder().registry(context.client(), DIRECTORY)
                                                 .template(tenantId -> Cairn.builder()).start()) {
            for (int store = 0; store < STORES; store++) {
                String database = DIRECTORY + "_" + store;
                BenchBank.populate(MongoEventStorageEngine.builder().database(context.client().getDatabase(database))
                                                          .build(), events / STORES, ACCOUNTS);
                registry.add(Tenant.ownDatabase("tenant-" + store, database));
            }
        }
        context.progress("stored " + events + " deposits in one store and in " + STORES + " stores");
        // a warm-up of each, then two measured rounds with the first contender alternating
        across(context, events, "warm-up");
        single(context, events, "warm-up");
        double across = 0;
        double single = 0;
        for (int round = 0; round < 2; round++) {
            if (round % 2 == 1) {
                single += single(context, events, "round " + round);
            }
            across += across(context, events, "round " + round);
            if (round % 2 == 0) {
                single += single(context, events, "round " + round);
            }
        }
        context.progress(String.format(Locale.ROOT, "across %d stores %.2f s, one store %.2f s", STORES, across,
                                       single));
        return List.of(ResultRow.of(name(), "cross-tenant catch-up events/s (" + STORES + " stores of " + events / STORES
                                            + " vs 1 store of " + events + ")", Better.HIGHER, 2 * events / across,
                                    2 * events / single, null)
                                .withTarget(Target.atLeast(0.8, Target.Reference.RAW))
                                .withNote("raw column: the same projection over one store of the same total size; "
                                                  + "times include starting the applications"));
    }

    /** Catches the projection up across every tenant; seconds. */
    private static double across(ScenarioContext context, int events, String run) throws InterruptedException {
        MongoDatabase directory = context.client().getDatabase(DIRECTORY);
        clear(directory);
        long started = System.nanoTime();
        try (CairnTenants tenants = CairnTenants.builder().registry(context.client(), DIRECTORY)
                                                .template(tenantId -> Cairn.builder())
                                                .crossTenant(streams -> Cairn.builder().extension(
                                                        CairnProjections.builder().eventSource(streams)
                                                                        .projection(new BenchBank.Balances(), o -> o.owns(
                                                                                BenchBank.ACCOUNTS, BenchBank.TOTALS))
                                                                        .build().extension()))
                                                .start()) {
            return awaitCounted(context, directory, events, "across " + STORES + " stores " + run, started,
                                () -> tenants.streams().status().toString());
        }
    }

    /** Catches the projection up on one store; seconds. */
    private static double single(ScenarioContext context, int events, String run) throws InterruptedException {
        MongoDatabase database = context.client().getDatabase(SINGLE);
        clear(database);
        long started = System.nanoTime();
        CairnProjections projections = CairnProjections.builder()
                                                       .projection(new BenchBank.Balances(),
                                                                   o -> o.owns(BenchBank.ACCOUNTS, BenchBank.TOTALS))
                                                       .build();
        try (CairnApplication ignored = Cairn.builder().database(database).extension(projections.extension())
                                             .start()) {
            return awaitCounted(context, database, events, "one store " + run, started,
                                () -> projections.status("bench-balances").toString());
        }
    }

    private static void clear(MongoDatabase database) {
        for (String collection : List.of(BenchBank.ACCOUNTS, BenchBank.TOTALS, CairnCollections.TOKENS)) {
            database.getCollection(collection).deleteMany(new Document());
        }
    }

    private static double awaitCounted(ScenarioContext context, MongoDatabase database, int events, String run,
                                       long started, Supplier<String> status) throws InterruptedException {
        long deadline = started + 300_000_000_000L;
        while (System.nanoTime() < deadline) {
            Document total = database.getCollection(BenchBank.TOTALS).find(new Document("_id", "all")).first();
            if (total != null && total.get("deposits", Number.class).longValue() >= events) {
                double seconds = (System.nanoTime() - started) / 1e9;
                context.progress(String.format(Locale.ROOT, "%s: %.2f s", run, seconds));
                return seconds;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("The projection (" + run + ") did not count " + events + " events in 5 "
                                                + "minutes: " + status.get());
    }
}
