package dev.cairn.migration.internal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import dev.cairn.migration.AxonMongoFields;
import dev.cairn.migration.NotAnAxonMongoStoreException;
import dev.cairn.migration.SourceStrategy;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Sorts.ascending;

/**
 * Reads the Mongo extension's event (or snapshot) collection in the extension's own stream order: timestamp, then
 * sequence number (its {@code orderedEventStreamIndex}). Every document is checked for the fields the extension always
 * writes; a missing or mistyped one fails naming the collection, the document and the field.
 */
public final class SourceReader {

    private final MongoDatabase database;
    private final String collectionName;
    private final AxonMongoFields fields;
    private final SourceStrategy strategy;
    private final String commitEventsField;

    public SourceReader(MongoDatabase database, String collectionName, AxonMongoFields fields,
                        SourceStrategy strategy, String commitEventsField) {
        this.database = database;
        this.collectionName = collectionName;
        this.fields = fields;
        this.strategy = strategy;
        this.commitEventsField = commitEventsField;
    }

    public String collectionName() {
        return collectionName;
    }

    /** @return whether the collection exists in the source database */
    public boolean exists() {
        for (String name : database.listCollectionNames()) {
            if (name.equals(collectionName)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Fails unless the collection exists and its first document has the extension's fields.
     *
     * @throws NotAnAxonMongoStoreException naming the collection and the missing field
     */
    public void check() {
        if (!exists()) {
            throw new NotAnAxonMongoStoreException("Database [" + database.getName() + "] has no collection ["
                                                           + collectionName + "]: not an axon-mongo event store "
                                                           + "(or name the collection with its option)");
        }
        BsonDocument first = collection().find().first();
        if (first != null) {
            events(first);
        }
    }

    /** @return the number of stored documents (events, or commits in the per-commit strategy) */
    public long count() {
        return collection().estimatedDocumentCount();
    }

    /**
     * @return the documents in stream order, {@code batchSize} per round trip; each as the group of events it holds
     * (one per document in the per-event strategy); close it when done
     */
    public MongoCursor<BsonDocument> cursor(int batchSize) {
        return collection().find()
                           .sort(ascending(fields.timestamp(), fields.sequenceNumber()))
                           .batchSize(batchSize)
                           .iterator();
    }

    /** @return the documents in no particular order (for verification) */
    public MongoCursor<BsonDocument> unordered(int batchSize) {
        return collection().find().batchSize(batchSize).iterator();
    }

    /** @return the events of one aggregate, in sequence order */
    public List<SourceEvent> ofAggregate(String aggregateIdentifier) {
        List<SourceEvent> events = new ArrayList<>();
        collection().find(eq(fields.aggregateIdentifier(), aggregateIdentifier))
                    .forEach(document -> events.addAll(events(document)));
        events.removeIf(e -> !aggregateIdentifier.equals(e.aggregateIdentifier()));
        events.sort(Comparator.comparingLong(SourceEvent::sequenceNumber));
        return events;
    }

    private MongoCollection<BsonDocument> collection() {
        return database.getCollection(collectionName, BsonDocument.class);
    }

    /**
     * @return the events one stored document holds, in order
     * @throws NotAnAxonMongoStoreException naming the collection, document and field that is missing
     */
    public List<SourceEvent> events(BsonDocument document) {
        if (strategy == SourceStrategy.DOCUMENT_PER_EVENT) {
            return List.of(event(document, document, ""));
        }
        BsonValue nested = document.get(commitEventsField);
        if (nested == null || !nested.isArray()) {
            throw missing(document, commitEventsField, nested == null ? "is missing" : "is not an array");
        }
        BsonArray array = nested.asArray();
        List<SourceEvent> events = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            if (!array.get(i).isDocument()) {
                throw missing(document, commitEventsField + "." + i, "is not a document");
            }
            events.add(event(array.get(i).asDocument(), document, commitEventsField + "." + i + "."));
        }
        return events;
    }

    private SourceEvent event(BsonDocument event, BsonDocument document, String prefix) {
        String eventIdentifier = string(event, fields.eventIdentifier(), document, prefix);
        String aggregateIdentifier = string(event, fields.aggregateIdentifier(), document, prefix);
        BsonValue sequence = event.get(fields.sequenceNumber());
        if (sequence == null || !sequence.isNumber()) {
            throw missing(document, prefix + fields.sequenceNumber(), sequence == null ? "is missing" : "is not a number");
        }
        String timestamp = string(event, fields.timestamp(), document, prefix);
        Instant instant;
        try {
            instant = SourceTimestamps.parse(timestamp);
        } catch (DateTimeParseException e) {
            throw missing(document, prefix + fields.timestamp(), "is not an ISO-8601 timestamp: " + timestamp);
        }
        BsonValue type = event.get(fields.type());
        BsonValue revision = event.get(fields.payloadRevision());
        BsonValue payload = event.get(fields.payload());
        if (payload == null) {
            throw missing(document, prefix + fields.payload(), "is missing");
        }
        BsonValue metaData = event.get(fields.metaData());
        if (metaData == null) {
            throw missing(document, prefix + fields.metaData(), "is missing");
        }
        // the extension stores an event published outside an aggregate with its event identifier as aggregate
        boolean domain = !eventIdentifier.equals(aggregateIdentifier);
        return new SourceEvent(eventIdentifier,
                               type != null && type.isString() ? type.asString().getValue() : null,
                               domain ? aggregateIdentifier : null,
                               sequence.asNumber().longValue(),
                               instant,
                               string(event, fields.payloadType(), document, prefix),
                               revision != null && revision.isString() ? revision.asString().getValue() : null,
                               payload, metaData);
    }

    private String string(BsonDocument event, String field, BsonDocument document, String prefix) {
        BsonValue value = event.get(field);
        if (value == null || !value.isString()) {
            throw missing(document, prefix + field, value == null ? "is missing" : "is " + value.getBsonType()
                    + ", expected STRING");
        }
        return value.asString().getValue();
    }

    private NotAnAxonMongoStoreException missing(BsonDocument document, String field, String problem) {
        return new NotAnAxonMongoStoreException("Collection [" + collectionName + "] of database ["
                                                        + database.getName() + "] is not an axon-mongo "
                                                        + strategyName() + " store: field [" + field + "] " + problem
                                                        + " in document _id=" + document.get("_id"));
    }

    private String strategyName() {
        return strategy == SourceStrategy.DOCUMENT_PER_EVENT ? "document-per-event" : "document-per-commit";
    }
}
