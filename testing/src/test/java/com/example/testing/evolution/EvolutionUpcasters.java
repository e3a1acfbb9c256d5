package com.example.testing.evolution;

import org.axonframework.serialization.upcasting.event.EventMultiUpcaster;
import org.axonframework.serialization.upcasting.event.EventTypeUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;

import java.util.stream.Stream;

/**
 * Upcasters of the "Evolving events" example that need no class of their own.
 */
public final class EvolutionUpcasters {

    static final String OLD_WITHDRAWN = "com.example.legacy.MoneyWithdrawn";
    static final String REMOVED = "com.example.legacy.StatementPrinted";

    private EvolutionUpcasters() {
    }

    /**
     * Case 3, a class renamed or moved: only the stored type name changes.
     */
    public static EventUpcaster withdrawnRenamed() {
        return EventTypeUpcaster.from("com.example.legacy.MoneyWithdrawn", null).to(Withdrawn.class, null);
    }

    /**
     * Case 5, an event type removed: drop its stored events before they are deserialized.
     */
    public static EventUpcaster statementPrintedRemoved() {
        return new EventMultiUpcaster() {
            @Override
            protected boolean canUpcast(IntermediateEventRepresentation event) {
                return event.getType().getName().equals("com.example.legacy.StatementPrinted");
            }

            @Override
            protected Stream<IntermediateEventRepresentation> doUpcast(IntermediateEventRepresentation event) {
                return Stream.empty();
            }
        };
    }

}
