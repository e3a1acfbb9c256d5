package dev.cairn.relay.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.serialization.Revision;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Turns a stored event into its Kafka record (ADR 86): key = aggregate identifier (the event identifier for an event
 * without aggregate), value = payload as JSON, headers as {@link RelayHeaders} names them.
 */
public final class EventRecords {

    private final ObjectMapper mapper;

    public EventRecords(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** @return the key the event's record carries, which is also its processing sequence */
    public static String keyOf(EventMessage<?> event) {
        return event instanceof DomainEventMessage<?> domain && domain.getAggregateIdentifier() != null
                ? domain.getAggregateIdentifier() : event.getIdentifier();
    }

    /**
     * @throws UnpublishableEventException naming the event when its payload does not serialize to JSON
     */
    public ProducerRecord<String, byte[]> record(String topic, EventMessage<?> event, long position) {
        byte[] value;
        try {
            value = mapper.writeValueAsBytes(event.getPayload());
        } catch (Exception e) {
            throw new UnpublishableEventException(
                    "Event [" + event.getIdentifier() + "] of type [" + event.getPayloadType().getName()
                            + "] at global position " + position + " does not serialize to JSON: " + e.getMessage(),
                    e);
        }
        RecordHeaders headers = new RecordHeaders();
        add(headers, RelayHeaders.EVENT_ID, event.getIdentifier());
        add(headers, RelayHeaders.PAYLOAD_TYPE, event.getPayloadType().getName());
        Revision revision = event.getPayloadType().getAnnotation(Revision.class);
        if (revision != null) {
            add(headers, RelayHeaders.PAYLOAD_REVISION, revision.value());
        }
        if (event instanceof DomainEventMessage<?> domain) {
            add(headers, RelayHeaders.AGGREGATE_TYPE, domain.getType());
            add(headers, RelayHeaders.AGGREGATE_SEQUENCE, Long.toString(domain.getSequenceNumber()));
        }
        add(headers, RelayHeaders.POSITION, Long.toString(position));
        add(headers, RelayHeaders.TIMESTAMP, event.getTimestamp().toString());
        for (String trace : new String[]{RelayHeaders.TRACEPARENT, RelayHeaders.TRACESTATE}) {
            Object value1 = event.getMetaData().get(trace);
            if (value1 != null) {
                add(headers, trace, value1.toString());
            }
        }
        return new ProducerRecord<>(topic, null, event.getTimestamp().toEpochMilli(), keyOf(event), value, headers);
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, Objects.requireNonNull(value, name).getBytes(StandardCharsets.UTF_8));
    }
}
