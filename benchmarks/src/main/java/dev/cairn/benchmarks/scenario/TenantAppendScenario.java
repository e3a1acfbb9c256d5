package dev.cairn.benchmarks.scenario;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.cairn.benchmarks.RunSettings;
import dev.cairn.benchmarks.internal.BenchEvents;
import dev.cairn.benchmarks.internal.WriteTally;
import dev.cairn.benchmarks.internal.WriterPool;
import dev.cairn.benchmarks.report.Better;
import dev.cairn.benchmarks.report.ResultRow;
import dev.cairn.benchmarks.report.Target;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.mongo.embedded.EmbeddedMongo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@code tenants-append} (ADR 85, 87): commits of different own-database tenants never contend. Cairn only: one engine
 * per tenant database, each on a client of its own (as {@code CairnTenants} runs one application per tenant), whose
 * write commands are tallied by namespace.
 * <ol>
 *     <li>one store alone: {@value #WRITERS_PER_STORE} writers of single-event commits;</li>
 *     <li>{@value #TENANTS} tenants at once, {@value #WRITERS_PER_STORE} writers each: lost claims across tenants and
 *     collections written by more than one tenant's appends (both must be 0), the rate per tenant;</li>
 *     <li>the control: {@value #TENANTS} nodes on one shared store, the same writers: what contention looks like (lost
 *     claims, shared collections), so the zeros above are known to be measurable;</li>
 *     <li>the cost of an append on the wire: server commands and bytes (encoded BSON of commands and replies) per event,
 *     in 1-event and 10-event commits, one writer: the figures ADR 87 scales out from.</li>
 * </ol>
 * This machine runs every store on one embedded server and two cores, so the rates show CPU sharing, not what more
 * primaries give; the counts carry over to a real MongoDB.
 */
final class TenantAppendScenario implements Scenario {

    static final int TENANTS = 4;
    static final int WRITERS_PER_STORE = 2;

    @Override
    public String name() {
        return "tenants-append";
    }

    @Override
    public String description() {
        return TENANTS + " own-database tenants appending at once: lost claims and shared collections across tenants "
                + "(0), rate per tenant against one store alone, commands and bytes per event";
    }

    /** One store's writers: its engine, the client its commands are tallied on. */
    private record Store(String database, MongoClient client, WriteTally tally, MongoEventStorageEngine engine) {
    }

    /** What one phase measured. */
    private record Phase(double[] eventsPerSecond, long lostClaims, long sharedCollections, long foreignWrites,
                         String written) {
        double total() {
            double sum = 0;
            for (double rate : eventsPerSecond) {
                sum += rate;
            }
            return sum;
        }

        double mean() {
            return total() / eventsPerSecond.length;
        }
    }

    @Override
    public List<ResultRow> run(ScenarioContext context) throws Exception {
        RunSettings settings = context.settings();
        Duration window = settings.measure().multipliedBy(settings.measureRounds());
        List<Store> opened = new ArrayList<>();
        try {
            List<Store> alone = List.of(open(context, "bench_tenants_alone", opened));
            phase(alone, settings.warmUp(), "warm");
            Phase one = phase(alone, window, "alone");
            context.progress("one store alone: " + Math.round(one.total()) + " events/s");

            List<Store> tenants = new ArrayList<>();
            for (int t = 0; t < TENANTS; t++) {
                tenants.add(open(context, "bench_tenants_t" + t, opened));
            }
            Phase apart = phase(tenants, window, "tenant");
            context.progress(TENANTS + " tenants: " + Math.round(apart.mean()) + " events/s each, lost claims "
                                     + apart.lostClaims() + ", shared collections " + apart.sharedCollections());

            List<Store> nodes = new ArrayList<>();
            for (int n = 0; n < TENANTS; n++) {
                nodes.add(open(context, "bench_tenants_shared", opened));
            }
            Phase shared = phase(nodes, window, "node");
            context.progress("control, " + TENANTS + " nodes on one store: lost claims " + shared.lostClaims()
                                     + ", shared collections " + shared.written());

            Store costly = tenants.get(0);
            double[] single = cost(costly, 500, 1);
            double[] batched = cost(costly, 100, 10);
            context.progress("per event: " + single[0] + " commands, " + single[1] + " bytes sent, " + single[2]
                                     + " received (1-event commits)");

            String rates = "per tenant " + describe(apart.eventsPerSecond());
            return List.of(
                    row("events/s, one store alone (" + WRITERS_PER_STORE + " writers)", Better.HIGHER, one.total()),
                    row("events/s per tenant, " + TENANTS + " tenants at once", Better.HIGHER, apart.mean())
                            .withNote(rates + "; one embedded server on 2 cores: CPU shared, not primaries added"),
                    row("events/s all tenants, relative to one store alone", Better.HIGHER,
                        apart.total() / one.total()),
                    row("lost claims across tenants", Better.LOWER, apart.lostClaims()).carryingOver()
                            .withTarget(Target.atMost(0, Target.Reference.ABSOLUTE, "claims")),
                    row("collections written by appends of more than one tenant", Better.LOWER,
                        apart.sharedCollections()).carryingOver()
                            .withTarget(Target.atMost(0, Target.Reference.ABSOLUTE, "collections"))
                            .withNote("written: " + apart.written()),
                    row("writes outside the writing tenant's database", Better.LOWER, apart.foreignWrites())
                            .carryingOver().withTarget(Target.atMost(0, Target.Reference.ABSOLUTE, "writes")),
                    row("control: lost claims, " + TENANTS + " nodes on one store", Better.HIGHER, shared.lostClaims())
                            .carryingOver().withNote("contention the tenants above do not have"),
                    row("control: collections written by more than one node", Better.HIGHER,
                        shared.sharedCollections()).carryingOver().withNote("written: " + shared.written()),
                    row("server commands/event, 1-event commits", Better.LOWER, single[0]).carryingOver(),
                    row("bytes sent/event, 1-event commits", Better.LOWER, single[1]).carryingOver(),
                    row("bytes received/event, 1-event commits", Better.LOWER, single[2]).carryingOver(),
                    row("server commands/event, 10-event commits", Better.LOWER, batched[0]).carryingOver(),
                    row("bytes sent/event, 10-event commits", Better.LOWER, batched[1]).carryingOver(),
                    row("bytes received/event, 10-event commits", Better.LOWER, batched[2]).carryingOver());
        } finally {
            for (Store store : opened) {
                store.client().close();
            }
            for (String database : List.of("bench_tenants_alone", "bench_tenants_shared")) {
                context.client().getDatabase(database).drop();
            }
            for (int t = 0; t < TENANTS; t++) {
                context.client().getDatabase("bench_tenants_t" + t).drop();
            }
        }
    }

    private static Store open(ScenarioContext context, String database, List<Store> opened) {
        WriteTally tally = new WriteTally();
        MongoClient client = MongoClients.create(MongoClientSettings
                .builder(EmbeddedMongo.clientSettings(context.connectionString())).addCommandListener(tally).build());
        Store store = new Store(database, client, tally, MongoEventStorageEngine.builder()
                                                                                .database(client.getDatabase(database))
                                                                                .build());
        opened.add(store);
        return store;
    }

    /** Runs {@value #WRITERS_PER_STORE} writers per store at once for {@code window}, each commit a new aggregate. */
    private static Phase phase(List<Store> stores, Duration window, String prefix) throws Exception {
        AtomicLongArray events = new AtomicLongArray(stores.size());
        long[] claimsBefore = new long[stores.size()];
        for (int s = 0; s < stores.size(); s++) {
            claimsBefore[s] = stores.get(s).engine().lostClaims();
            stores.get(s).tally().open(false);
        }
        long started = System.nanoTime();
        WriterPool.run(stores.size() * WRITERS_PER_STORE, window, (writer, iteration) -> {
            int s = writer % stores.size();
            stores.get(s).engine().appendEvents(BenchEvents.commit(prefix + "-" + writer + "-" + iteration + "-"
                                                                           + started, 0, 1));
            events.incrementAndGet(s);
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        double[] rates = new double[stores.size()];
        long lost = 0;
        long foreign = 0;
        Map<String, Integer> writers = new HashMap<>();
        for (int s = 0; s < stores.size(); s++) {
            Store store = stores.get(s);
            store.tally().close();
            rates[s] = events.get(s) / seconds;
            lost += store.engine().lostClaims() - claimsBefore[s];
            Set<String> written = store.tally().written();
            foreign += written.stream().filter(ns -> !ns.startsWith(store.database() + ".")).count();
            written.forEach(ns -> writers.merge(ns, 1, Integer::sum));
        }
        long shared = writers.values().stream().filter(count -> count > 1).count();
        return new Phase(rates, lost, shared, foreign, new java.util.TreeMap<>(writers).toString());
    }

    /** @return commands, bytes sent and bytes received per event over {@code commits} serial commits */
    private static double[] cost(Store store, int commits, int eventsPerCommit) {
        store.tally().open(true);
        long nonce = System.nanoTime();
        for (int c = 0; c < commits; c++) {
            store.engine().appendEvents(BenchEvents.commit("cost-" + eventsPerCommit + "-" + c + "-" + nonce, 0,
                                                           eventsPerCommit));
        }
        store.tally().close();
        double events = (double) commits * eventsPerCommit;
        return new double[]{round(store.tally().totalCommands() / events), round(store.tally().bytesSent() / events),
                round(store.tally().bytesReceived() / events)};
    }

    private ResultRow row(String metric, Better better, double cairn) {
        return ResultRow.of(name(), metric, better, cairn, null, null);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static String describe(double[] rates) {
        List<Long> rounded = new ArrayList<>();
        for (double rate : rates) {
            rounded.add(Math.round(rate));
        }
        return rounded.toString();
    }
}
