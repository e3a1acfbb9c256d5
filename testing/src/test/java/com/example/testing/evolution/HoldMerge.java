package com.example.testing.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.ContextAwareEventMultiUpcaster;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Case 4, two events merged into one: an old {@code HoldPlaced} (amount) followed by {@code HoldCaptured} becomes one
 * {@link Withdrawn} at the second event's sequence number and position. The context lives for one read, so the pair
 * must be read together: true for an aggregate's history, and for a stream only when both are in one batch (see the
 * README's "Evolving events").
 */
public class HoldMerge extends ContextAwareEventMultiUpcaster<Map<String, Long>> {

    static final String PLACED = "com.example.legacy.HoldPlaced";
    static final String CAPTURED = "com.example.legacy.HoldCaptured";

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation event, Map<String, Long> heldAmounts) {
        String type = event.getType().getName();
        return type.equals(PLACED) || type.equals(CAPTURED);
    }

    @Override
    protected Stream<IntermediateEventRepresentation> doUpcast(IntermediateEventRepresentation event,
                                                               Map<String, Long> heldAmounts) {
        String account = event.getData(JsonNode.class).getData().get("accountId").asText();
        if (event.getType().getName().equals(PLACED)) {
            heldAmounts.put(account, event.getData(JsonNode.class).getData().get("amountInCents").asLong());
            return Stream.empty();
        }
        Long amount = heldAmounts.remove(account);
        if (amount == null) {
            throw new IllegalStateException("HoldCaptured of account " + account + " without its HoldPlaced in the "
                                                    + "same read");
        }
        return Stream.of(event.upcastPayload(new SimpleSerializedType(Withdrawn.class.getName(), null),
                                             JsonNode.class,
                                             payload -> ((ObjectNode) payload.deepCopy()).put("amountInCents", amount)));
    }

    @Override
    protected Map<String, Long> buildContext() {
        return new HashMap<>();
    }
}
