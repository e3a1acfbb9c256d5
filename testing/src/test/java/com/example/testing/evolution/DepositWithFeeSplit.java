package com.example.testing.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.EventMultiUpcaster;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;

import java.util.stream.Stream;

/**
 * Case 4, one event split into two: an old {@code DepositedWithFee} becomes a {@link Deposited} and a
 * {@link FeeCharged}. Both keep the old event's sequence number and position.
 */
public class DepositWithFeeSplit extends EventMultiUpcaster {

    static final String OLD_TYPE = "com.example.legacy.DepositedWithFee";

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation event) {
        return event.getType().getName().equals(OLD_TYPE);
    }

    @Override
    protected Stream<IntermediateEventRepresentation> doUpcast(IntermediateEventRepresentation event) {
        IntermediateEventRepresentation deposit = event.upcastPayload(
                new SimpleSerializedType(Deposited.class.getName(), "2"), JsonNode.class,
                payload -> ((ObjectNode) payload.deepCopy()).without("feeInCents"));
        IntermediateEventRepresentation fee = event.upcastPayload(
                new SimpleSerializedType(FeeCharged.class.getName(), null), JsonNode.class,
                payload -> ((ObjectNode) payload.deepCopy()).without("amountInCents"));
        return Stream.of(deposit, fee);
    }
}
