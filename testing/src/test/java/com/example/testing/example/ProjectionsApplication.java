package com.example.testing.example;

import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.projections.CairnProjections;
import dev.cairn.projections.ProjectionStatus;
import dev.cairn.projections.Rebuild;
import dev.cairn.projections.RebuildMode;
import dev.cairn.projections.RebuildOptions;
import org.bson.Document;

import java.time.Duration;

/**
 * The README's projections example.
 */
final class ProjectionsApplication {

    private ProjectionsApplication() {
    }

    static Document run(String uri) throws InterruptedException {
        CairnProjections projections = CairnProjections.builder()
                .projection(new OrderSummaries(), options -> options.owns("order_summaries", "product_totals"))
                .build();
        try (CairnApplication app = Cairn.builder()
                                         .mongo(uri, "shop")
                                         .aggregate(Order.class)
                                         .extension(projections.extension())
                                         .start()) {
            app.commandGateway().sendAndWait(new PlaceOrder("order-7", "carol"));
            app.commandGateway().sendAndWait(new AddLine("order-7", "book", 3));

            // read your own writes: wait until the projection has handled this thread's last command
            long position = app.lastAppendedPosition().orElseThrow();
            boolean caughtUp = projections.awaitCaughtUp("order-summaries", position, Duration.ofSeconds(5));

            Document summary = projections.readModel("order-summaries")
                                          .collection("order_summaries")
                                          .find("order-7")
                                          .orElseThrow();
            ProjectionStatus status = projections.status("order-summaries");

            // after a fix to OrderSummaries: build the next version while this one serves reads, then switch to it
            Rebuild rebuild = projections.rebuild("order-summaries",
                                                  RebuildOptions.defaults().mode(RebuildMode.BLUE_GREEN));
            boolean switched = rebuild.await(Duration.ofMinutes(10));
            Document rebuilt = projections.readModel("order-summaries")
                                          .collection("order_summaries")
                                          .find("order-7")
                                          .orElseThrow();
            return summary.append("caughtUp", caughtUp).append("lag", status.lagEvents())
                          .append("switched", switched).append("version", projections.liveVersion("order-summaries"))
                          .append("rebuilt", rebuilt);
        }
    }
}
