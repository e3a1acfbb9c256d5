package dev.cairn.migration.internal;

import com.mongodb.client.MongoDatabase;
import dev.cairn.migration.AxonMongoFields;
import dev.cairn.migration.NotAnAxonMongoStoreException;
import dev.cairn.projections.MongoSequencedDeadLetterQueue;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.axonframework.serialization.SerializedMessage;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.BsonDocument;
import org.bson.BsonValue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static com.mongodb.client.model.Sorts.ascending;

/**
 * Moves the letters of the extension's dead-letter queue ({@code MongoSequencedDeadLetterQueue}, collection
 * {@code deadletters}) into Cairn's queue of the same processing group, sequence by sequence in index order, with
 * their cause, times and diagnostics. The event's payload and metadata are handed over in their serialized form
 * (Axon's {@link SerializedMessage} with the queue's own serializer), so they are never deserialized; the letter's
 * tracking token (a position in the extension's stream) is left behind. A rerun replaces the queues it moved before.
 */
public final class LetterCopier {

    private static final String PROCESSING_GROUP = "processingGroup";
    private static final String SEQUENCE_IDENTIFIER = "sequenceIdentifier";
    private static final String INDEX = "index";
    private static final String MESSAGE = "message";
    private static final String ENQUEUED_AT = "enqueuedAt";
    private static final String LAST_TOUCHED = "lastTouched";
    private static final String CAUSE_TYPE = "causeType";
    private static final String CAUSE_MESSAGE = "causeMessage";
    private static final String DIAGNOSTICS = "diagnostics";
    private static final String MESSAGE_TYPE = "messageType";

    private final MongoDatabase source;
    private final String collectionName;
    private final AxonMongoFields fields;
    private final Serializer serializer;

    /**
     * @param serializer the serializer of the application's Cairn dead-letter queues: it reads payloads, metadata and
     *                   diagnostics back
     */
    public LetterCopier(MongoDatabase source, String collectionName, AxonMongoFields fields, Serializer serializer) {
        this.source = source;
        this.collectionName = collectionName;
        this.fields = fields;
        this.serializer = serializer;
    }

    /**
     * Fails unless the first letter has the extension's fields.
     *
     * @throws NotAnAxonMongoStoreException naming the collection, document and field
     */
    public void check() {
        if (SourceCollections.exists(source, collectionName)) {
            BsonDocument first = source.getCollection(collectionName, BsonDocument.class).find().first();
            if (first != null) {
                string(first, first, PROCESSING_GROUP);
                letter(first, string(first, first, SEQUENCE_IDENTIFIER));
            }
        }
    }

    /**
     * @param queues   Cairn's queue of a processing group; {@code null} for a dry run (count only)
     * @param replaced processing groups an earlier run moved: their queues are cleared before this run fills them
     * @return the processing groups moved (to be cleared by the next run), and the count of letters
     */
    public Copied copy(Function<String, MongoSequencedDeadLetterQueue<EventMessage<?>>> queues, Set<String> replaced) {
        Set<String> groups = new LinkedHashSet<>();
        if (!SourceCollections.exists(source, collectionName)) {
            return new Copied(0, groups);
        }
        long letters = 0;
        Set<String> cleared = new LinkedHashSet<>();
        Map<String, MongoSequencedDeadLetterQueue<EventMessage<?>>> built = new HashMap<>();
        if (queues != null) {
            for (String group : replaced) {
                built.computeIfAbsent(group, queues).clear();
                cleared.add(group);
            }
        }
        for (BsonDocument document : source.getCollection(collectionName, BsonDocument.class).find()
                                           .sort(ascending(PROCESSING_GROUP, SEQUENCE_IDENTIFIER, INDEX))) {
            String group = string(document, document, PROCESSING_GROUP);
            String sequence = string(document, document, SEQUENCE_IDENTIFIER);
            GenericDeadLetter<EventMessage<?>> letter = letter(document, sequence);
            groups.add(group);
            letters++;
            if (queues != null) {
                MongoSequencedDeadLetterQueue<EventMessage<?>> queue = built.computeIfAbsent(group, queues);
                if (cleared.add(group)) {
                    queue.clear();
                }
                queue.enqueue(sequence, letter);
            }
        }
        return new Copied(letters, groups);
    }

    /** @return Cairn's queue of {@code processingGroup}, without size limits: every letter of the source moves */
    public static MongoSequencedDeadLetterQueue<EventMessage<?>> queue(MongoDatabase target, String collectionName,
                                                                      String processingGroup, Serializer serializer) {
        return MongoSequencedDeadLetterQueue.<EventMessage<?>>builder()
                                            .processingGroup(processingGroup).database(target)
                                            .collectionName(collectionName).serializer(serializer)
                                            .maxSequences(Integer.MAX_VALUE).maxSequenceSize(Integer.MAX_VALUE)
                                            .build();
    }

    /** What the dead-letter phase did. */
    public record Copied(long letters, Set<String> processingGroups) {
    }

    private GenericDeadLetter<EventMessage<?>> letter(BsonDocument document, String sequence) {
        BsonValue nested = document.get(MESSAGE);
        if (nested == null || !nested.isDocument()) {
            throw missing(document, MESSAGE, nested == null ? "is missing" : "is not a document");
        }
        BsonDocument message = nested.asDocument();
        String identifier = string(message, document, MESSAGE + "." + fields.eventIdentifier());
        Instant timestamp = DateTimeUtils.parseInstant(string(message, document,
                                                              MESSAGE + "." + fields.timestamp()));
        BsonValue revision = message.get(fields.payloadRevision());
        SerializedMessage<Object> serialized = new SerializedMessage<>(
                identifier,
                new SimpleSerializedObject<>(text(message, document, fields.payload()), byte[].class,
                                             string(message, document, MESSAGE + "." + fields.payloadType()),
                                             revision != null && revision.isString()
                                                     ? revision.asString().getValue() : null),
                new SimpleSerializedObject<>(text(message, document, fields.metaData()), byte[].class,
                                             serializer.typeForClass(MetaData.class)),
                serializer);
        BsonValue aggregate = message.get(fields.aggregateIdentifier());
        BsonValue type = message.get(fields.type());
        BsonValue messageType = message.get(MESSAGE_TYPE);
        boolean domain = aggregate != null && aggregate.isString() && messageType != null && messageType.isString()
                && messageType.asString().getValue().contains("Domain");
        EventMessage<?> event = domain
                ? new GenericDomainEventMessage<>(type != null && type.isString() ? type.asString().getValue() : null,
                                                  aggregate.asString().getValue(),
                                                  message.getNumber(fields.sequenceNumber()).longValue(),
                                                  serialized, () -> timestamp)
                : new GenericEventMessage<>(serialized, () -> timestamp);
        BsonValue causeType = document.get(CAUSE_TYPE);
        ThrowableCause cause = causeType == null || causeType.isNull() ? null
                : new ThrowableCause(causeType.asString().getValue(), optional(document, CAUSE_MESSAGE));
        return new GenericDeadLetter<>(sequence, event, cause, instant(document, ENQUEUED_AT),
                                       instant(document, LAST_TOUCHED), diagnostics(document.get(DIAGNOSTICS)));
    }

    /** Diagnostics as the extension's serializer wrote them, read by the queue's (an Axon type, not a stored one). */
    private MetaData diagnostics(BsonValue stored) {
        if (stored == null || stored.isNull()) {
            return MetaData.emptyInstance();
        }
        String text = stored.isString() ? stored.asString().getValue() : stored.isDocument()
                ? stored.asDocument().toJson() : stored.toString();
        try {
            return serializer.deserialize(new SimpleSerializedObject<>(text.getBytes(StandardCharsets.UTF_8),
                                                                       byte[].class,
                                                                       serializer.typeForClass(MetaData.class)));
        } catch (RuntimeException e) {
            // written by another serializer than the queue's: kept as the text it was, for the operator to read
            return MetaData.with("axonMongoDiagnostics", text);
        }
    }

    private byte[] text(BsonDocument message, BsonDocument document, String field) {
        BsonValue value = message.get(field);
        if (value == null) {
            throw missing(document, MESSAGE + "." + field, "is missing");
        }
        if (value.isString()) {
            return value.asString().getValue().getBytes(StandardCharsets.UTF_8);
        }
        if (value.isBinary()) {
            return value.asBinary().getData();
        }
        throw missing(document, MESSAGE + "." + field, "is " + value.getBsonType() + " (DBObject serializer): "
                + "not supported");
    }

    private Instant instant(BsonDocument document, String field) {
        BsonValue value = document.get(field);
        if (value == null || !value.isDocument() || !value.asDocument().isNumber("seconds")) {
            throw missing(document, field, "is not the extension's {seconds, nanoseconds}");
        }
        BsonDocument instant = value.asDocument();
        long nanos = instant.isNumber("nanoseconds") ? instant.getNumber("nanoseconds").longValue() : 0;
        return Instant.ofEpochSecond(instant.getNumber("seconds").longValue(), nanos);
    }

    private static String optional(BsonDocument document, String field) {
        BsonValue value = document.get(field);
        return value != null && value.isString() ? value.asString().getValue() : null;
    }

    private String string(BsonDocument value, BsonDocument document, String path) {
        String field = path.substring(path.lastIndexOf('.') + 1);
        BsonValue found = value.get(field);
        if (found == null || !found.isString()) {
            throw missing(document, path, found == null ? "is missing" : "is " + found.getBsonType()
                    + ", expected STRING");
        }
        return found.asString().getValue();
    }

    private NotAnAxonMongoStoreException missing(BsonDocument document, String field, String problem) {
        return new NotAnAxonMongoStoreException("Collection [" + collectionName + "] of database [" + source.getName()
                                                        + "] is not an axon-mongo dead-letter queue: field [" + field
                                                        + "] " + problem + " in document _id=" + document.get("_id"));
    }
}
