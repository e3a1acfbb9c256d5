package com.example.testing.example;

import dev.cairn.testing.AggregateFixture;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OrderTest {

    @Test
    void addsALineToAPlacedOrder() {
        AggregateFixture.forAggregate(Order.class)
                        .given(new OrderPlaced("order-1", "alice"))
                        .when(new AddLine("order-1", "book", 2))
                        .expectEvents(new LineAdded("order-1", "book", 2))
                        .expectResultMessagePayload(2)
                        .expectState(order -> assertThat(order.quantities()).isEqualTo(Map.of("book", 2)));
    }

    @Test
    void refusesToShipAnEmptyOrder() {
        AggregateFixture.forAggregate(Order.class)
                        .givenCommands(new PlaceOrder("order-1", "alice"))
                        .when(new ShipOrder("order-1"))
                        .expectNoEvents()
                        .expectException(IllegalStateException.class);
    }

    @Test
    void shipsThroughTheRealStackOnMongoDB() {
        AggregateFixture.forAggregate(Order.class)
                        .onMongo()
                        .given(new OrderPlaced("order-1", "alice"), new LineAdded("order-1", "book", 2))
                        .when(new ShipOrder("order-1"))
                        .expectEvents(new OrderShipped("order-1"))
                        .expectState(order -> assertThat(order.quantities()).isEqualTo(Map.of("book", 2)));
    }
}
