package com.example.testing.broken;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An aggregate with a mutable event class.
 */
public class Counter {

    public record Increment(@TargetAggregateIdentifier String counterId) {
    }

    public record CounterCreated(String counterId) {
    }

    public static class Incremented {
        private String counterId;

        public Incremented() {
        }

        public Incremented(String counterId) {
            this.counterId = counterId;
        }

        public String getCounterId() {
            return counterId;
        }
    }

    @AggregateIdentifier
    private String counterId;
    private int value;

    protected Counter() {
    }

    @CommandHandler
    public void handle(Increment command) {
        apply(new Incremented(counterId));
    }

    @EventSourcingHandler
    void on(CounterCreated event) {
        counterId = event.counterId();
    }

    @EventSourcingHandler
    void on(Incremented event) {
        value++;
    }
}
