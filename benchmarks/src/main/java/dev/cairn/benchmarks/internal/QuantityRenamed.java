package dev.cairn.benchmarks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * A typical upcaster: {@link LegacyItemAdded} becomes {@link ItemAdded}, renaming one field on Jackson's tree.
 */
public final class QuantityRenamed extends SingleEventUpcaster {

    private static final String OLD_TYPE = LegacyItemAdded.class.getName();
    private static final SimpleSerializedType NEW_TYPE = new SimpleSerializedType(ItemAdded.class.getName(), null);

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation event) {
        return event.getType().getName().equals(OLD_TYPE);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation event) {
        return event.upcastPayload(NEW_TYPE, JsonNode.class, payload -> {
            ObjectNode fields = (ObjectNode) payload;
            fields.set("quantity", fields.remove("qty"));
            return fields;
        });
    }
}
