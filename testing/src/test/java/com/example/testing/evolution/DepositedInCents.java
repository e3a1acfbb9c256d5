package com.example.testing.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * Case 2: {@code Deposited} without a revision held {@code amount} in euros; revision 2 holds cents.
 */
public class DepositedInCents extends SingleEventUpcaster {

    private static final SimpleSerializedType OLD = new SimpleSerializedType(Deposited.class.getName(), null);
    private static final SimpleSerializedType NEW = new SimpleSerializedType(Deposited.class.getName(), "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation event) {
        return event.getType().equals(OLD);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation event) {
        return event.upcastPayload(NEW, JsonNode.class, payload -> {
            ObjectNode fields = (ObjectNode) payload;
            long euros = fields.remove("amount").asLong();
            fields.put("amountInCents", euros * 100);
            return fields;
        });
    }
}
