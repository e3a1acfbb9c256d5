package dev.cairn.testing;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.cairn.projections.ReadModel;
import com.example.testing.example.LineAdded;
import com.example.testing.example.OrderPlaced;
import com.example.testing.example.OrderShipped;
import com.example.testing.example.OrderSummaries;
import org.axonframework.eventhandling.EventHandler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProjectionFixtureTest {

    @Test
    void anIdempotentProjectionPassesAndItsReadModelCanBeChecked() {
        ProjectionFixture.forProjection(OrderSummaries.class)
                         .owning("order_summaries", "product_totals")
                         .given("order-1", new OrderPlaced("order-1", "alice"), new LineAdded("order-1", "book", 2),
                                new OrderShipped("order-1"))
                         .given("order-2", new OrderPlaced("order-2", "bob"), new LineAdded("order-2", "book", 3))
                         .whenProcessed()
                         .expectDocument("order_summaries", "order-1", order -> {
                             assertThat(order.getInteger("lines")).isEqualTo(1);
                             assertThat(order.getBoolean("shipped")).isTrue();
                         })
                         .expectDocument("product_totals", "book",
                                         book -> assertThat(book.getInteger("quantity")).isEqualTo(5))
                         .expectDocumentCount("order_summaries", 2)
                         .expectNoDocument("order_summaries", "order-3");
    }

    /** Counts lines with the raw driver: a redelivered event is counted twice. */
    public static class CountingWithTheRawDriver {
        @EventHandler
        void on(LineAdded event, ReadModel readModel) {
            readModel.collection("raw_counts");
            RawDatabase.current().getCollection("raw_counts")
                       .updateOne(Filters.eq("_id", event.orderId()), Updates.inc("lines", 1),
                                  new UpdateOptions().upsert(true));
        }
    }

    @Test
    void aProjectionWritingAroundTheReadModelFailsTheRedeliveryCheck() {
        // Given a projection whose writes are not idempotent
        ProjectionFixture<CountingWithTheRawDriver> fixture =
                ProjectionFixture.forProjection(new CountingWithTheRawDriver())
                                 .owning("raw_counts")
                                 .onMongo(RawDatabase.current())
                                 .given("order-1", new LineAdded("order-1", "book", 1));

        // When / Then
        assertThatThrownBy(fixture::whenProcessed)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Projection [CountingWithTheRawDriver] is not idempotent");
    }

    @Test
    void theSameProjectionPassesWithoutTheRedeliveryCheck() {
        ProjectionFixture.forProjection(new CountingWithTheRawDriver())
                         .owning("raw_counts")
                         .onMongo(RawDatabase.current())
                         .withoutIdempotencyCheck()
                         .given("order-1", new LineAdded("order-1", "book", 1))
                         .whenProcessed()
                         .expectDocument("raw_counts", "order-1", d -> assertThat(d.getInteger("lines")).isOne());
    }

    @Test
    void expectationsNameTheProjectionCollectionAndDocument() {
        ProjectionResult result = ProjectionFixture.forProjection(OrderSummaries.class)
                                                   .owning("order_summaries", "product_totals")
                                                   .given("order-1", new OrderPlaced("order-1", "alice"))
                                                   .whenProcessed();

        assertThatThrownBy(() -> result.expectDocument("order_summaries", "order-9", d -> { }))
                .hasMessageContaining("[order-summaries] wrote no document [order-9] in collection [order_summaries]");
        assertThatThrownBy(() -> result.expectDocumentCount("product_totals", 1))
                .hasMessageContaining("wrote 0 documents in collection [product_totals], expected 1");
        assertThat(result.documents("order_summaries")).extracting(d -> d.get("_id")).containsExactly("order-1");
        assertThat(result.documents("order_summaries").get(0)).doesNotContainKey("_cairn");
    }

    /** The database the raw-driver projection writes to, shared with the fixture. */
    static final class RawDatabase {
        static com.mongodb.client.MongoDatabase current() {
            return dev.cairn.testing.internal.SharedMongo.client().getDatabase("cairn_projection_fixture_test");
        }
    }
}
