package com.example.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * {@code Deposited} revision 1 ({@code amount} in euros, stored without a revision) to revision 2
 * ({@code amountInCents}).
 */
public final class DepositedInCents extends SingleEventUpcaster {

    private static final SimpleSerializedType REVISION_1 = new SimpleSerializedType(Ledger.Deposited.class.getName(),
                                                                                    null);
    private static final SimpleSerializedType REVISION_2 = new SimpleSerializedType(Ledger.Deposited.class.getName(),
                                                                                    "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation event) {
        return event.getType().equals(REVISION_1);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation event) {
        return event.upcastPayload(REVISION_2, JsonNode.class, payload -> {
            ObjectNode fields = (ObjectNode) payload;
            long euros = fields.remove("amount").asLong();
            return fields.put("amountInCents", euros * 100);
        });
    }
}
