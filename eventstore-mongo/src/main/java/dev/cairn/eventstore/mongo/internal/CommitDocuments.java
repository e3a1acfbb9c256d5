package dev.cairn.eventstore.mongo.internal;

import dev.cairn.eventstore.mongo.CommitKey;
import dev.cairn.eventstore.mongo.layout.StorageLayout;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.serialization.Serializer;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.cairn.eventstore.mongo.layout.StorageLayout.*;

/**
 * Maps appended events to commit documents and back, in the format {@link StorageLayout} describes.
 */
final class CommitDocuments {

    private CommitDocuments() {
    }

    /**
     * Serializes one append and checks it for duplicates within itself.
     *
     * @throws DuplicateEventException when two events share an event identifier or aggregate sequence number
     */
    static PreparedCommit prepare(List<? extends EventMessage<?>> events, Serializer serializer) {
        List<BsonDocument> documents = new ArrayList<>(events.size());
        List<String> streamKeys = new ArrayList<>();
        Set<String> eventIdentifiers = new HashSet<>();
        Set<String> seenStreamKeys = new HashSet<>();
        Instant latest = Instant.MIN;
        for (EventMessage<?> event : events) {
            if (!eventIdentifiers.add(event.getIdentifier())) {
                throw new DuplicateEventException("event identifier [" + event.getIdentifier()
                                                          + "] appears twice in one append", event);
            }
            if (event instanceof DomainEventMessage<?> domainEvent && domainEvent.getAggregateIdentifier() != null) {
                String key = streamKey(domainEvent.getAggregateIdentifier(), domainEvent.getSequenceNumber());
                if (!seenStreamKeys.add(key)) {
                    throw new DuplicateEventException("aggregate [" + domainEvent.getAggregateIdentifier()
                                                              + "] sequence [" + domainEvent.getSequenceNumber()
                                                              + "] appears twice in one append", event);
                }
                streamKeys.add(key);
            }
            try {
                documents.add(eventDocument(event, serializer));
            } catch (RuntimeException e) {
                throw new SerializationFailure(event, e);
            }
            if (event.getTimestamp().isAfter(latest)) {
                latest = event.getTimestamp();
            }
        }
        // an event stored in the same millisecond as its commit's timestamp reads that one (ADR 70: bytes per event)
        BsonDateTime commitTimestamp = new BsonDateTime(latest.toEpochMilli());
        for (BsonDocument document : documents) {
            if (commitTimestamp.equals(document.get(TIMESTAMP))) {
                document.remove(TIMESTAMP);
            }
        }
        return new PreparedCommit(List.copyOf(events), List.copyOf(documents), List.copyOf(streamKeys), latest,
                                  null);
    }

    static BsonDocument eventDocument(EventMessage<?> event, Serializer serializer) {
        SerializedForm.Written payload = SerializedForm.write(event.getPayload(), serializer);
        SerializedForm.Written metaData = SerializedForm.write(event.getMetaData(), serializer);
        BsonDocument document = new BsonDocument(EVENT_IDENTIFIER, new BsonString(event.getIdentifier()));
        if (event instanceof DomainEventMessage<?> domainEvent && domainEvent.getAggregateIdentifier() != null) {
            if (domainEvent.getType() != null) {
                document.append(AGGREGATE_TYPE, new BsonString(domainEvent.getType()));
            }
            document.append(AGGREGATE_IDENTIFIER, new BsonString(domainEvent.getAggregateIdentifier()))
                    .append(SEQUENCE_NUMBER, new BsonInt64(domainEvent.getSequenceNumber()));
        }
        Timestamps.write(document, event.getTimestamp());
        document.append(PAYLOAD_TYPE, new BsonString(payload.type().getName()));
        if (payload.type().getRevision() != null) {
            document.append(PAYLOAD_REVISION, new BsonString(payload.type().getRevision()));
        }
        document.append(PAYLOAD, payload.value());
        if (!isEmptyDocument(metaData.value())) {
            document.append(META_DATA, metaData.value()); // absent means empty
        }
        return document;
    }

    private static boolean isEmptyDocument(BsonValue value) {
        return value.isDocument() && value.asDocument().isEmpty();
    }

    /**
     * @return the document storing {@code commit} at global indexes {@code firstGlobalIndex} onwards
     */
    static BsonDocument toDocument(PreparedCommit commit, long firstGlobalIndex) {
        BsonDocument document = new BsonDocument(ID, new BsonInt64(firstGlobalIndex))
                .append(LAST_GLOBAL_INDEX, new BsonInt64(firstGlobalIndex + commit.size() - 1))
                .append(TIMESTAMP, new BsonDateTime(commit.latestTimestamp().toEpochMilli()));
        if (!commit.streamKeys().isEmpty()) {
            BsonArray keys = new BsonArray(commit.streamKeys().size());
            commit.streamKeys().forEach(key -> keys.add(new BsonString(key)));
            document.append(STREAM_KEYS, keys);
        }
        document.append(EVENTS, new BsonArray(commit.eventDocuments()));
        if (commit.key() != null) {
            document.append(IDEMPOTENCY, keyDocument(commit.key()));
        }
        return document;
    }

    private static BsonDocument keyDocument(CommitKey key) {
        BsonDocument document = new BsonDocument(IDEMPOTENCY_KEY, new BsonString(key.key()))
                .append(IDEMPOTENCY_CLAIM, new BsonString(key.claim()));
        if (!key.nullResult()) {
            document.append(IDEMPOTENCY_RESULT_TYPE, new BsonString(key.resultType()));
            if (key.resultRevision() != null) {
                document.append(IDEMPOTENCY_RESULT_REVISION, new BsonString(key.resultRevision()));
            }
            document.append(IDEMPOTENCY_RESULT, new BsonString(key.result()));
        }
        return document;
    }

    /**
     * @return the idempotency key a commit document carries, or {@code null}
     * @throws MalformedDocumentException naming the field that is missing or of the wrong type
     */
    static CommitKey key(BsonDocument commit) {
        BsonValue value = commit.get(IDEMPOTENCY);
        if (value == null) {
            return null;
        }
        if (!value.isDocument()) {
            throw new MalformedDocumentException(IDEMPOTENCY, "is not a document");
        }
        BsonDocument key = value.asDocument();
        String prefix = IDEMPOTENCY + ".";
        return new CommitKey(Fields.string(key, IDEMPOTENCY_KEY, prefix),
                             Fields.string(key, IDEMPOTENCY_CLAIM, prefix),
                             Fields.optionalString(key, IDEMPOTENCY_RESULT_TYPE, prefix),
                             Fields.optionalString(key, IDEMPOTENCY_RESULT_REVISION, prefix),
                             Fields.optionalString(key, IDEMPOTENCY_RESULT, prefix));
    }

    /**
     * Reads the events of a commit document; a void commit (written by earlier versions) has none.
     *
     * @throws MalformedDocumentException naming the field that is missing or of the wrong type
     */
    static List<StoredEvent> read(BsonDocument commit) {
        long first = Fields.int64(commit, ID);
        if (commit.containsKey(VOIDED)) {
            return List.of();
        }
        BsonArray array = Fields.array(commit, EVENTS);
        long last = Fields.int64(commit, LAST_GLOBAL_INDEX);
        if (last - first + 1 != array.size()) {
            throw new MalformedDocumentException(LAST_GLOBAL_INDEX, "does not match the " + array.size() + " events");
        }
        List<StoredEvent> events = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String prefix = EVENTS + "." + i + ".";
            BsonValue element = array.get(i);
            if (!element.isDocument()) {
                throw new MalformedDocumentException(EVENTS + "." + i, "is not a document");
            }
            events.add(Fields.event(element.asDocument(), first + i, prefix, commit));
        }
        return events;
    }

    /**
     * The payload or metadata of {@code event} could not be serialized.
     */
    static final class SerializationFailure extends RuntimeException {
        private final transient EventMessage<?> event;

        SerializationFailure(EventMessage<?> event, RuntimeException cause) {
            super(cause);
            this.event = event;
        }

        EventMessage<?> event() {
            return event;
        }
    }

    /**
     * @return the identifiers of a commit document's events, in order (none for a void commit); works on documents
     * projected to {@code events.eventIdentifier}
     */
    static List<String> eventIdentifiers(BsonDocument commit) {
        BsonArray events = commit.getArray(EVENTS, new BsonArray());
        List<String> identifiers = new ArrayList<>(events.size());
        events.forEach(event -> identifiers.add(event.asDocument().getString(EVENT_IDENTIFIER).getValue()));
        return identifiers;
    }

    /**
     * @return the global indexes of a commit, {@code [first, last]}
     */
    static long[] range(BsonDocument commit) {
        return new long[]{Fields.int64(commit, ID), Fields.int64(commit, LAST_GLOBAL_INDEX)};
    }
}
