package dev.cairn.testing;

import com.example.testing.broken.Counter;
import com.example.testing.broken.DeliveryPlan;
import com.example.testing.broken.GiftOrder;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fixture's own checks fail deliberately broken domain code with messages naming class and field, in memory.
 */
class AggregateFixtureChecksTest {

    private static final String ORDER = "gift-1";

    @Test
    void anEmittedEventLosingAFieldFailsNamingTheEventAndField() {
        // Given
        AggregateFixture<GiftOrder> fixture = AggregateFixture.forAggregate(GiftOrder.class)
                                                              .given(new GiftOrder.GiftOrderPlaced(ORDER));

        // When / Then
        assertThatThrownBy(() -> fixture.when(new GiftOrder.AddGiftNote(ORDER, "happy birthday")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Event " + GiftOrder.GiftNoteAdded.class.getName()
                                              + " does not survive serialization")
                .hasMessageContaining("field 'note' was \"happy birthday\" (java.lang.String) before and null after");
    }

    @Test
    void aGivenEventLosingAFieldFailsBeforeTheCommandRuns() {
        // Given
        AggregateFixture<GiftOrder> fixture =
                AggregateFixture.forAggregate(GiftOrder.class)
                                .given(new GiftOrder.GiftOrderPlaced(ORDER),
                                       new GiftOrder.GiftNoteAdded(ORDER, "congratulations"));

        // When / Then
        assertThatThrownBy(() -> fixture.when(new GiftOrder.AddGiftNote(ORDER, "again")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(GiftOrder.GiftNoteAdded.class.getName())
                .hasMessageContaining("field 'note' was \"congratulations\"");
    }

    @Test
    void theSerializationCheckCanBeSwitchedOff() {
        // Given
        AggregateFixture<GiftOrder> fixture = AggregateFixture.forAggregate(GiftOrder.class)
                                                              .withoutSerializationCheck()
                                                              .withoutSnapshotCheck()
                                                              .given(new GiftOrder.GiftOrderPlaced(ORDER));

        // When / Then: Axon's in-memory fixture alone does not notice
        fixture.when(new GiftOrder.AddGiftNote(ORDER, "happy birthday"))
               .expectEvents(new GiftOrder.GiftNoteAdded(ORDER, "happy birthday"));
    }

    @Test
    void anAggregateThatCannotBeSnapshottedFailsNamingTheAggregateAndField() {
        // Given
        AggregateFixture<DeliveryPlan> fixture = AggregateFixture.forAggregate(DeliveryPlan.class)
                                                                 .given(new DeliveryPlan.DeliveryPlanned(
                                                                         "plan-1", LocalDate.of(2030, 5, 1)));

        // When / Then
        assertThatThrownBy(() -> fixture.when(new DeliveryPlan.Postpone("plan-1", 2)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Aggregate " + DeliveryPlan.class.getName() + " cannot be snapshotted")
                .hasMessageContaining("field 'plannedFor' was 2030-05-01 (java.time.LocalDate) before and "
                                              + "\"2030-05-01\" (java.lang.String) after");
    }

    @Test
    void theSnapshotCheckAlsoCoversStateBuiltByGivenCommands() {
        // Given
        AggregateFixture<DeliveryPlan> fixture =
                AggregateFixture.forAggregate(DeliveryPlan.class)
                                .givenCommands(new DeliveryPlan.PlanDelivery("plan-2", LocalDate.of(2030, 6, 1)));

        // When / Then
        assertThatThrownBy(() -> fixture.when(new DeliveryPlan.Postpone("plan-2", 1)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Aggregate " + DeliveryPlan.class.getName() + " cannot be snapshotted")
                .hasMessageContaining("field 'plannedFor'");
    }

    @Test
    void theSnapshotCheckAlsoCoversTheStateAfterACreationCommand() {
        // Given no prior activity: no given state to check
        AggregateFixture<DeliveryPlan> fixture = AggregateFixture.forAggregate(DeliveryPlan.class)
                                                                 .givenNoPriorActivity();

        // When / Then the state the creation command left fails the round trip
        assertThatThrownBy(() -> fixture.when(new DeliveryPlan.PlanDelivery("plan-9", LocalDate.of(2030, 7, 1))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Aggregate " + DeliveryPlan.class.getName() + " cannot be snapshotted")
                .hasMessageContaining("plannedFor");
    }

    @Test
    void theSnapshotCheckCanBeSwitchedOff() {
        // Given
        AggregateFixture<DeliveryPlan> fixture = AggregateFixture.forAggregate(DeliveryPlan.class)
                                                                 .withoutSnapshotCheck()
                                                                 .given(new DeliveryPlan.DeliveryPlanned(
                                                                         "plan-3", LocalDate.of(2030, 5, 1)));

        // When / Then
        fixture.when(new DeliveryPlan.Postpone("plan-3", 2))
               .expectEvents(new DeliveryPlan.DeliveryPostponed("plan-3", LocalDate.of(2030, 5, 3)));
    }

    @Test
    void aMutableEventTypeFailsNamingClassAndField() {
        // Given
        AggregateFixture<Counter> fixture = AggregateFixture.forAggregate(Counter.class)
                                                            .given(new Counter.CounterCreated("c-1"));

        // When / Then
        assertThatThrownBy(() -> fixture.when(new Counter.Increment("c-1")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(Counter.Incremented.class.getName() + ": field 'counterId' is not final");
    }

    @Test
    void theImmutabilityCheckCanBeSwitchedOff() {
        // Given
        AggregateFixture<Counter> fixture = AggregateFixture.forAggregate(Counter.class)
                                                            .withoutImmutabilityCheck()
                                                            .given(new Counter.CounterCreated("c-2"));

        // When / Then
        fixture.when(new Counter.Increment("c-2")).expectSuccessfulHandlerExecution();
    }
}
