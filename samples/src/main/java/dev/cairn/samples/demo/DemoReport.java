package dev.cairn.samples.demo;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * What one demo run did and found; printed as text, as JSON ({@code --json}) and as an HTML page ({@code --report}).
 *
 * @param orders      orders placed, confirmed and cancelled (by reason) in this run
 * @param bank        transfers sent (with their duplicates), applied and refused in this run
 * @param store       events stored in all, the event store's head, snapshots taken in this run
 * @param compensations compensating steps run (stock released, payments refunded or voided), in all
 * @param projections lag of every projection at the end, in events
 * @param rebuild     the blue/green rebuild of the sales dashboard while a reader queried it
 * @param seconds     the workload's duration
 * @param ordersPerSecond orders placed per second
 * @param invariants  every check, with its outcome
 */
public record DemoReport(Orders orders, Bank bank, Store store, long compensations, Map<String, Long> projections,
                         Rebuild rebuild, double seconds, double ordersPerSecond, List<Invariant> invariants,
                         List<Timeline.Sample> timeline) {

    public record Orders(long placed, long confirmed, long cancelled, Map<String, Long> cancelledBy, long failed) {
    }

    public record Bank(long sent, long applied, long refusedOrDuplicate) {
    }

    public record Store(long events, long head, long snapshotsTaken) {
    }

    public record Rebuild(String projection, long events, double seconds, long reads, long failedReads,
                          boolean sameAsBefore, int version) {
    }

    public record Invariant(String name, boolean holds, String detail) {
    }

    public DemoReport {
        projections = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(projections));
        invariants = List.copyOf(invariants);
        timeline = List.copyOf(timeline);
    }

    /** @return the invariants that do not hold */
    public List<Invariant> broken() {
        return invariants.stream().filter(invariant -> !invariant.holds()).toList();
    }

    void print(PrintStream out) {
        out.printf("%nCairn demo: %,d orders in %.1f s (%.0f orders/s)%n", orders.placed(), seconds, ordersPerSecond);
        out.printf("  orders     confirmed %,d, cancelled %,d %s, not placed %,d%n", orders.confirmed(),
                   orders.cancelled(), orders.cancelledBy(), orders.failed());
        out.printf("  sagas      compensating steps run %,d (in all)%n", compensations);
        out.printf("  bank       transfers sent %,d (each %d times), applied %,d, refused or duplicate %,d%n",
                   bank.sent(), BankWorkload.COPIES, bank.applied(), bank.refusedOrDuplicate());
        out.printf("  store      events %,d, head position %,d, snapshots taken %,d%n", store.events(), store.head(),
                   store.snapshotsTaken());
        out.printf("  lag        %s (events behind the head, at the end)%n", projections);
        out.printf("  rebuild    %s blue/green: %,d events in %.1f s, %,d reads during it, %d failed, %s, now "
                           + "version %d%n", rebuild.projection(), rebuild.events(), rebuild.seconds(), rebuild.reads(),
                   rebuild.failedReads(), rebuild.sameAsBefore() ? "same read model" : "READ MODEL DIFFERS",
                   rebuild.version());
        out.println("  invariants");
        for (Invariant invariant : invariants) {
            out.printf("    %-4s %s%s%n", invariant.holds() ? "ok" : "FAIL", invariant.name(),
                       invariant.holds() ? "" : ": " + invariant.detail());
        }
    }
}
