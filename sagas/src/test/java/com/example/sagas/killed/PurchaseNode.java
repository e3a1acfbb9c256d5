package com.example.sagas.killed;

import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.processing.InitialPosition;
import dev.cairn.sagas.CairnSagas;

import java.time.Duration;

/**
 * One saga node of the killed-node scenario, in a JVM of its own until it is killed:
 * {@code PurchaseNode <connection string> <database> <node id>}. Prints {@code started} once it runs.
 */
public final class PurchaseNode {

    /** The idempotency lease, token claim timeout and deadline lease of every node of the scenario. */
    public static final Duration LEASE = Duration.ofSeconds(2);

    private PurchaseNode() {
    }

    public static void main(String[] args) throws Exception {
        CairnApplication app = start(args[0], args[1], args[2], true);
        System.out.println("started");
        System.out.flush();
        Thread.currentThread().join(); // until killed
        app.close();
    }

    /**
     * @param withSagas whether the node runs the sagas (the placing node does not)
     */
    public static CairnApplication start(String uri, String database, String nodeId, boolean withSagas) {
        Cairn.Builder builder = Cairn.builder().mongo(uri, database).aggregate(Purchases.Purchase.class)
                                     .idempotencyLease(LEASE);
        if (withSagas) {
            CairnSagas sagas = CairnSagas.builder()
                                         .saga(PurchaseSaga.class)
                                         .initialPosition(InitialPosition.TAIL)
                                         .deadlinePollInterval(Duration.ofMillis(100))
                                         .tokenStore(store -> store.nodeId(nodeId).claimTimeout(LEASE))
                                         .deadlines(deadlines -> deadlines.nodeId(nodeId).lease(LEASE))
                                         .build();
            builder.extension(sagas.extension());
        }
        return builder.start();
    }
}
