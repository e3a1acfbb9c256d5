package dev.cairn.testing;

import com.mongodb.client.MongoDatabase;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import com.example.testing.broken.DeliveryPlan;
import com.example.testing.broken.GiftOrder;
import com.example.testing.example.AddLine;
import com.example.testing.example.LineAdded;
import com.example.testing.example.Order;
import com.example.testing.example.OrderPlaced;
import com.example.testing.example.OrderShipped;
import com.example.testing.example.PlaceOrder;
import com.example.testing.example.ShipOrder;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fixture on the real stack: the Mongo event store on the embedded server, serialization and snapshots.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class AggregateFixtureOnMongoTest {

    @Test
    void aCorrectAggregatePassesWithGivenEvents(MongoDatabase database) {
        // Given
        AggregateFixture<Order> fixture = AggregateFixture.forAggregate(Order.class)
                                                          .onMongo(database)
                                                          .given(new OrderPlaced("order-1", "alice"),
                                                                 new LineAdded("order-1", "book", 2));

        // When / Then
        fixture.when(new AddLine("order-1", "book", 3))
               .expectSuccessfulHandlerExecution()
               .expectEvents(new LineAdded("order-1", "book", 3))
               .expectResultMessagePayload(5)
               .expectState(order -> assertThat(order.quantities()).isEqualTo(Map.of("book", 5)));
    }

    @Test
    void checksTheEventsThatLandedInMongoAndTakesSnapshots(MongoDatabase database) {
        // Given
        AggregateFixture<Order> fixture = AggregateFixture.forAggregate(Order.class)
                                                          .onMongo(database)
                                                          .given(new OrderPlaced("order-2", "bob"),
                                                                 new LineAdded("order-2", "pen", 1));

        // When
        fixture.when(new ShipOrder("order-2")).expectEvents(new OrderShipped("order-2"));

        // Then
        List<Document> commits = database.getCollection("events").find().into(new ArrayList<>());
        assertThat(commits).flatExtracting(c -> c.getList("events", Document.class))
                           .extracting(e -> e.getString("payloadType"))
                           .containsExactly(OrderPlaced.class.getName(), LineAdded.class.getName(),
                                            OrderShipped.class.getName());
        Document snapshot = database.getCollection("snapshots").find(new Document("_id", "order-2")).first();
        assertThat(snapshot).isNotNull();
        assertThat(snapshot.getLong("sequenceNumber")).isEqualTo(2L);
    }

    @Test
    void aCorrectAggregatePassesWithGivenCommandsAndFailures() {
        // When / Then
        AggregateFixture.forAggregate(Order.class)
                        .onMongo()
                        .givenCommands(new PlaceOrder("order-3", "carol"), new AddLine("order-3", "ink", 1))
                        .when(new AddLine("order-3", "ink", 0))
                        .expectNoEvents()
                        .expectException(IllegalArgumentException.class)
                        .expectExceptionMessage("The quantity must be positive, was 0");
    }

    @Test
    void aCorrectAggregatePassesWhenCreatedByTheCommand() {
        // When / Then
        AggregateFixture.forAggregate(Order.class)
                        .onMongo()
                        .givenNoPriorActivity()
                        .when(new PlaceOrder("order-4", "dave"), Map.of("source", "test"))
                        .expectEvents(new OrderPlaced("order-4", "dave"))
                        .expectResultMessagePayload("order-4")
                        .expectState(order -> assertThat(order.quantities()).isEmpty());
    }

    @Test
    void anEventLosingAFieldFailsOnMongoNamingTheEventAndField() {
        // Given
        AggregateFixture<GiftOrder> fixture = AggregateFixture.forAggregate(GiftOrder.class)
                                                              .onMongo()
                                                              .given(new GiftOrder.GiftOrderPlaced("gift-1"));

        // When / Then
        assertThatThrownBy(() -> fixture.when(new GiftOrder.AddGiftNote("gift-1", "happy birthday")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Event " + GiftOrder.GiftNoteAdded.class.getName())
                .hasMessageContaining("field 'note' was \"happy birthday\" (java.lang.String) before and null after");
    }

    @Test
    void withoutTheSerializationCheckMongoStillShowsTheLostField() {
        // Given
        AggregateFixture<GiftOrder> fixture = AggregateFixture.forAggregate(GiftOrder.class)
                                                              .onMongo()
                                                              .withoutSerializationCheck()
                                                              .withoutSnapshotCheck()
                                                              .given(new GiftOrder.GiftOrderPlaced("gift-2"));

        // When / Then: the event read back from MongoDB is not the one the aggregate applied
        assertThatThrownBy(() -> fixture.when(new GiftOrder.AddGiftNote("gift-2", "hello"))
                                        .expectEvents(new GiftOrder.GiftNoteAdded("gift-2", "hello")))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void anAggregateThatCannotBeSnapshottedFailsOnMongo() {
        // Given
        AggregateFixture<DeliveryPlan> fixture = AggregateFixture.forAggregate(DeliveryPlan.class)
                                                                 .onMongo()
                                                                 .given(new DeliveryPlan.DeliveryPlanned(
                                                                         "plan-1", LocalDate.of(2030, 5, 1)));

        // When / Then
        assertThatThrownBy(() -> fixture.when(new DeliveryPlan.Postpone("plan-1", 2)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Aggregate " + DeliveryPlan.class.getName() + " cannot be snapshotted")
                .hasMessageContaining("field 'plannedFor'");
    }

    @Test
    void givenEventsNeedATargetIdentifierOnMongo() {
        // Given
        AggregateFixture<Order> fixture = AggregateFixture.forAggregate(Order.class)
                                                          .onMongo()
                                                          .given(new OrderPlaced("order-5", "erin"));

        // When / Then
        assertThatThrownBy(() -> fixture.when(new PlaceOrder("order-5", "erin")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("givenCommands");
    }

    @Test
    void onMongoTheSnapshotCheckAlsoCoversTheStateAfterACreationCommand(MongoDatabase database) {
        // Given
        AggregateFixture<DeliveryPlan> fixture = AggregateFixture.forAggregate(DeliveryPlan.class)
                                                                 .onMongo(database)
                                                                 .givenNoPriorActivity();

        // When / Then
        assertThatThrownBy(() -> fixture.when(new DeliveryPlan.PlanDelivery("plan-m", LocalDate.of(2030, 7, 1))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Aggregate " + DeliveryPlan.class.getName() + " cannot be snapshotted")
                .hasMessageContaining("plannedFor");
    }

    @Test
    void aTargetIdentifierWhoseValueIsNullIsNamedAsSuch(MongoDatabase database) {
        // Given events, and a command whose @TargetAggregateIdentifier holds null
        AggregateFixture<DeliveryPlan> fixture = AggregateFixture.forAggregate(DeliveryPlan.class)
                                                                 .onMongo(database)
                                                                 .given(new DeliveryPlan.DeliveryPlanned(
                                                                         "plan-n", LocalDate.of(2030, 7, 1)));

        // When / Then
        assertThatThrownBy(() -> fixture.when(new DeliveryPlan.Postpone(null, 1)))
                .hasMessageContaining("@TargetAggregateIdentifier on 'planId', but its value is null");
    }
}
