package com.example.testing.example;

import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;

import org.axonframework.messaging.MetaData;

/**
 * The README's start-up example.
 */
final class ShopApplication {

    private ShopApplication() {
    }

    static int run(String uri) {
        try (CairnApplication app = Cairn.builder()
                                         .mongo(uri, "shop")
                                         .aggregate(Order.class)
                                         .snapshotEvery(Order.class, 100)
                                         .aggregateCache(true)
                                         .start()) {
            app.commandGateway().sendAndWait(new PlaceOrder("order-1", "alice"));

            CommandMessage<AddLine> addBooks =
                    new GenericCommandMessage<>(new AddLine("order-1", "book", 2),
                                                MetaData.with(Cairn.IDEMPOTENCY_KEY, "request-7f3a"));
            int first = app.commandGateway().sendAndWait(addBooks);
            int retried = app.commandGateway().sendAndWait(addBooks); // same key: not applied again
            return first + retried;
        }
    }
}
