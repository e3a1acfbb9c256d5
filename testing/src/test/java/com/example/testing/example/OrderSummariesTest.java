package com.example.testing.example;

import dev.cairn.testing.ProjectionFixture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderSummariesTest {

    @Test
    void summarizesOrdersAndTotalsProducts() {
        ProjectionFixture.forProjection(new OrderSummaries())
                         .owning("order_summaries", "product_totals")
                         .given("order-1", new OrderPlaced("order-1", "alice"), new LineAdded("order-1", "book", 2))
                         .given("order-2", new OrderPlaced("order-2", "bob"), new LineAdded("order-2", "book", 1))
                         .whenProcessed()
                         .expectDocument("order_summaries", "order-1",
                                         summary -> assertThat(summary.getInteger("lines")).isEqualTo(1))
                         .expectDocument("product_totals", "book",
                                         book -> assertThat(book.getInteger("quantity")).isEqualTo(3));
    }
}
