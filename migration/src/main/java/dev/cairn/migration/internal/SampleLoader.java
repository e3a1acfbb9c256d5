package dev.cairn.migration.internal;

import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.eventstore.mongo.layout.StorageLayout;
import dev.cairn.migration.SampleLoading;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;
import org.bson.BsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Loads a sample of aggregates through Axon from both stores and compares their events (ADR 82): the source's as the
 * extension's engine reads them (its stored form deserialized by Axon), the target's through Cairn's engine.
 */
public final class SampleLoader {

    private final SourceReader source;
    private final MongoEventStorageEngine target;
    private final Serializer serializer;
    private final int size;

    public SampleLoader(SourceReader source, MongoDatabase target, StorageLayout layout, SampleLoading sample) {
        this.source = source;
        this.serializer = sample.serializer();
        this.size = sample.aggregates();
        this.target = MongoEventStorageEngine.builder().database(target).eventSerializer(serializer)
                                             .snapshotSerializer(serializer).allowedTypes(sample.allowedTypes())
                                             .eventCollectionName(layout.eventCollection())
                                             .snapshotCollectionName(layout.snapshotCollection())
                                             .sequenceCollectionName(layout.sequenceCollection()).build();
    }

    /** @return {@code count} identifiers spread evenly over {@code sorted}, the first and the last included */
    public List<String> pick(List<String> sorted) {
        if (sorted.size() <= size) {
            return sorted;
        }
        List<String> picked = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            picked.add(sorted.get(size == 1 ? 0 : (int) ((long) i * (sorted.size() - 1) / (size - 1))));
        }
        return picked;
    }

    /** @return the first difference of each sampled aggregate that differs when loaded through Axon */
    public List<String> compare(List<String> aggregates) {
        List<String> differences = new ArrayList<>();
        for (String aggregate : aggregates) {
            String difference = compare(aggregate);
            if (difference != null) {
                differences.add("aggregate [" + aggregate + "] loaded through Axon: " + difference);
            }
        }
        return differences;
    }

    private String compare(String aggregate) {
        List<? extends DomainEventMessage<?>> from;
        List<? extends DomainEventMessage<?>> to;
        try {
            Stream<DomainEventData<?>> entries = source.ofAggregate(aggregate).stream().map(SampleLoader::entry);
            from = EventStreamUtils.upcastAndDeserializeDomainEvents(entries, serializer, NoOpEventUpcaster.INSTANCE)
                                   .asStream().toList();
        } catch (RuntimeException e) {
            return "the source's events cannot be loaded: " + e.getMessage();
        }
        try {
            to = target.readEvents(aggregate).asStream().toList();
        } catch (RuntimeException e) {
            return "the target's events cannot be loaded: " + e.getMessage();
        }
        for (int i = 0; i < Math.min(from.size(), to.size()); i++) {
            String part = firstDifferentPart(from.get(i), to.get(i));
            if (part != null) {
                return "event [" + from.get(i).getIdentifier() + "] (sequence number "
                        + from.get(i).getSequenceNumber() + ") differs in its " + part;
            }
        }
        return from.size() == to.size() ? null
                : from.size() + " events loaded from the source, " + to.size() + " from the target";
    }

    private String firstDifferentPart(DomainEventMessage<?> from, DomainEventMessage<?> to) {
        if (!from.getIdentifier().equals(to.getIdentifier())) {
            return "identifier: [" + to.getIdentifier() + "] in the target";
        }
        if (from.getSequenceNumber() != to.getSequenceNumber()) {
            return "sequence number: " + to.getSequenceNumber() + " in the target";
        }
        if (!Objects.equals(from.getType(), to.getType())) {
            return "aggregate type: [" + from.getType() + "] in the source, [" + to.getType() + "] in the target";
        }
        if (!from.getTimestamp().equals(to.getTimestamp())) {
            return "timestamp: " + from.getTimestamp() + " in the source, " + to.getTimestamp() + " in the target";
        }
        if (!from.getPayloadType().equals(to.getPayloadType())) {
            return "payload type: " + from.getPayloadType().getName() + " in the source, "
                    + to.getPayloadType().getName() + " in the target";
        }
        // the serialized form after the round trip: payload classes need not implement equals
        String source = serializer.serialize(from.getPayload(), String.class).getData();
        String target = serializer.serialize(to.getPayload(), String.class).getData();
        if (!source.equals(target)) {
            return "payload: " + source + " in the source, " + target + " in the target";
        }
        if (!from.getMetaData().equals(to.getMetaData())) {
            return "metadata: " + from.getMetaData() + " in the source, " + to.getMetaData() + " in the target";
        }
        return null;
    }

    private static DomainEventData<?> entry(SourceEvent event) {
        return new GenericDomainEventEntry<>(event.aggregateType(), event.aggregateIdentifier(),
                                             event.sequenceNumber(), event.eventIdentifier(), event.timestamp(),
                                             event.payloadType(), event.payloadRevision(), text(event.payload()),
                                             text(event.metaData()));
    }

    private static String text(BsonValue stored) {
        return stored.isString() ? stored.asString().getValue() : stored.asDocument().toJson();
    }
}
