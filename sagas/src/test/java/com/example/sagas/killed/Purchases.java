package com.example.sagas.killed;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.UUID;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A purchase that a saga charges and, by a deadline, reminds: the killed-node scenario counts both per purchase.
 */
public final class Purchases {

    private Purchases() {
    }

    public record Place(String purchaseId) {
    }

    public record Charge(@TargetAggregateIdentifier String purchaseId, String chargeId) {
    }

    public record Remind(@TargetAggregateIdentifier String purchaseId) {
    }

    public record Placed(String purchaseId) {
    }

    public record Charged(String purchaseId, String chargeId) {
    }

    public record Reminded(String purchaseId) {
    }

    /** The payload of the saga's reminder deadline. */
    public record ReminderDue(String purchaseId) {
    }

    public static class Purchase {

        @AggregateIdentifier
        private String purchaseId;

        protected Purchase() {
        }

        @CommandHandler
        public Purchase(Place command) {
            apply(new Placed(command.purchaseId()));
        }

        /** Charges every time it is executed: a second execution would be a second charge. */
        @CommandHandler
        public String handle(Charge command) {
            apply(new Charged(purchaseId, command.chargeId()));
            return command.chargeId();
        }

        @CommandHandler
        public void handle(Remind command) {
            apply(new Reminded(purchaseId));
        }

        @EventSourcingHandler
        void on(Placed event) {
            this.purchaseId = event.purchaseId();
        }
    }

    /** @return a fresh charge identifier: a saga builds its command anew on redelivery */
    static String newChargeId() {
        return UUID.randomUUID().toString();
    }
}
