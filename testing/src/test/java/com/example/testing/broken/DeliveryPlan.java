package com.example.testing.broken;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An aggregate that cannot be snapshotted: its {@code Object}-typed field holds a date, which comes back from JSON as
 * a string.
 */
public class DeliveryPlan {

    public record PlanDelivery(String planId, LocalDate date) {
    }

    public record Postpone(@TargetAggregateIdentifier String planId, int days) {
    }

    public record DeliveryPlanned(String planId, LocalDate date) {
    }

    public record DeliveryPostponed(String planId, LocalDate date) {
    }

    @AggregateIdentifier
    private String planId;
    private Object plannedFor;

    protected DeliveryPlan() {
    }

    @CommandHandler
    public DeliveryPlan(PlanDelivery command) {
        apply(new DeliveryPlanned(command.planId(), command.date()));
    }

    @CommandHandler
    public void handle(Postpone command) {
        apply(new DeliveryPostponed(planId, ((LocalDate) plannedFor).plusDays(command.days())));
    }

    @EventSourcingHandler
    void on(DeliveryPlanned event) {
        planId = event.planId();
        plannedFor = event.date();
    }

    @EventSourcingHandler
    void on(DeliveryPostponed event) {
        plannedFor = event.date();
    }
}
