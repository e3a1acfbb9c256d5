package dev.cairn.samples.demo;

import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.mongo.embedded.EmbeddedMongo;
import dev.cairn.projections.CairnProjections;
import dev.cairn.projections.ProjectionMonitor;
import dev.cairn.projections.ProjectionStatus;
import com.example.samples.orders.OrderSaga;
import com.example.samples.bank.BankSample;
import com.example.samples.orders.OrdersSample;
import dev.cairn.sagas.CairnSagas;
import dev.cairn.snapshots.CairnSnapshots;
import org.axonframework.eventhandling.TrackedEventMessage;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The demo: the orders sample driven by concurrent clients, then a burst of duplicated bank transfers, then every
 * invariant checked, then the sales dashboard rebuilt blue/green while a reader queries it.
 */
public final class Demo {

    /** The embedded server's file in the data folder: the same file {@code cairn ... --data DIR} opens. */
    public static final String DATA_FILE = "cairn.mv";

    private final DemoOptions options;
    private final UnaryOperator<CairnProjections.Builder> projections;
    private final PrintStream err;
    private final boolean terminal;

    /**
     * @param projections adds the projections to run (the samples' by default; tests pass a broken one)
     * @param err         where progress goes
     * @param terminal    whether {@code err} is a terminal (a live bar) or not (a line every few seconds)
     */
    public Demo(DemoOptions options, UnaryOperator<CairnProjections.Builder> projections, PrintStream err,
                boolean terminal) {
        this.options = options;
        this.projections = projections;
        this.err = err;
        this.terminal = terminal;
    }

    /** @return the projections of both samples */
    public static CairnProjections.Builder sampleProjections(CairnProjections.Builder builder) {
        return BankSample.projections(OrdersSample.projections(builder));
    }

    public DemoReport run() throws Exception {
        try (EmbeddedMongo embedded = options.mongoUri() != null ? null
                : options.data() == null ? EmbeddedMongo.start()
                : EmbeddedMongo.startPersistent(options.data().resolve(DATA_FILE))) {
            String uri = embedded != null ? embedded.connectionString() : options.mongoUri();
            CairnProjections views = projections.apply(CairnProjections.builder()).build();
            CairnSagas sagas = OrdersSample.sagas();
            CairnSnapshots snapshots = CairnSnapshots.builder().build();
            try (CairnApplication app = BankSample.aggregates(OrdersSample.aggregates(
                                                          Cairn.builder().mongo(uri, options.database())))
                                                  .extension(views.extension()).extension(sagas.extension())
                                                  .extension(snapshots.extension()).start()) {
                return run(app, views, sagas, snapshots);
            }
        }
    }

    private DemoReport run(CairnApplication app, CairnProjections views, CairnSagas sagas, CairnSnapshots snapshots)
            throws Exception {
        MongoEventStorageEngine engine = app.configuration().getComponent(MongoEventStorageEngine.class);
        boolean firstRun = head(engine) == 0;
        String run = Long.toString(System.currentTimeMillis(), 36);
        OrdersWorkload orders = new OrdersWorkload(app, options, run);
        BankWorkload bank = new BankWorkload(app, options, run);
        orders.prepare(firstRun);
        bank.prepare();
        try (Timeline timeline = new Timeline(() -> head(engine), () -> maxLag(views))) {
            long started = System.nanoTime();
            AtomicLong placed = new AtomicLong();
            List<String> failed;
            try (Progress progress = new Progress("orders", options.orders(), err, terminal);
                 Ticker ignored = new Ticker(() -> progress.stepTo(placed.get()))) {
                failed = orders.placeOrders(placed);
                progress.stepTo(placed.get());
            }
            awaitSagas(app, engine, sagas);
            AtomicLong sent = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            try (Progress progress = new Progress("transfers", (long) options.transfers() * BankWorkload.COPIES, err,
                                                  terminal);
                 Ticker ignored = new Ticker(() -> progress.stepTo(sent.get()))) {
                bank.transfer(sent, refused);
                progress.stepTo(sent.get());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long head = head(engine);
            for (String name : views.names()) {
                views.awaitCaughtUp(name, head, Duration.ofMinutes(2));
            }
            Map<String, Long> lag = new LinkedHashMap<>();
            views.status().forEach(status -> lag.put(status.name(), status.lagEvents()));
            ExpectedReadModels expected = new ExpectedReadModels();
            DemoChecks checks = new DemoChecks();
            try (Stream<? extends TrackedEventMessage<?>> events = engine.readEvents(null, false)) {
                events.forEach(event -> {
                    expected.apply(event);
                    checks.apply(event);
                });
            }
            List<DemoReport.Invariant> invariants = new java.util.ArrayList<>(
                    checks.check(app, sagas, views, expected));
            DashboardRebuild.Outcome rebuild = new DashboardRebuild(views, expected, err, terminal).run();
            invariants.add(new DemoReport.Invariant("blue/green rebuild: every read complete, none failed",
                                                    rebuild.report().failedReads() == 0, rebuild.problem()));
            invariants.add(new DemoReport.Invariant("blue/green rebuild: same read model",
                                                    rebuild.report().sameAsBefore(),
                                                    rebuild.report().sameAsBefore() ? "" : "the rebuilt sales "
                                                            + "dashboard differs from the one it replaced"));
            OrderCounts counts = OrderCounts.of(expected, run);
            return new DemoReport(new DemoReport.Orders(placed.get() - failed.size(), counts.confirmed(),
                                                        counts.cancelled(), counts.cancelledBy(), failed.size()),
                                  new DemoReport.Bank(sent.get(), checks.transfersApplied(run),
                                                      sent.get() - checks.transfersApplied(run)),
                                  new DemoReport.Store(checks.events(), head, snapshots.metrics().taken()),
                                  checks.compensations(), lag, rebuild.report(), seconds,
                                  options.orders() / seconds, invariants, timeline.samples());
        }
    }

    /**
     * Waits until the order sagas have handled every stored event and none is live any more (a payment deadline may
     * still have to pass), and nothing new was stored meanwhile.
     */
    private static void awaitSagas(CairnApplication app, MongoEventStorageEngine engine, CairnSagas sagas)
            throws InterruptedException {
        ProjectionMonitor monitor = ProjectionMonitor.on(app.database());
        String group = CairnSagas.processingGroup(OrderSaga.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            long head = head(engine);
            if (monitor.awaitCaughtUp(group, head, Duration.ofSeconds(10)) && sagas.liveSagas(OrderSaga.class) == 0
                    && head(engine) == head) {
                return;
            }
            Thread.sleep(100);
        }
    }

    private static long head(MongoEventStorageEngine engine) {
        return engine.createHeadToken().position().orElse(0);
    }

    private static long maxLag(CairnProjections views) {
        return views.status().stream().mapToLong(ProjectionStatus::lagEvents).max().orElse(0);
    }

    /** Runs an action every 200 ms on a daemon thread until closed. */
    static final class Ticker implements AutoCloseable {
        private final Thread thread;

        Ticker(Runnable action) {
            thread = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    action.run();
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "demo-progress");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(1_000);
        }
    }
}
