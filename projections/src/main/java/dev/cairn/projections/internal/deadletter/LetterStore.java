package dev.cairn.projections.internal.deadletter;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.cairn.eventstore.mongo.support.MongoErrors;
import dev.cairn.eventstore.mongo.support.MongoIndexes;
import dev.cairn.eventstore.mongo.support.StoredJson;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.serialization.Serializer;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.cairn.projections.internal.deadletter.LetterFields.CAUSE;
import static dev.cairn.projections.internal.deadletter.LetterFields.CLAIM;
import static dev.cairn.projections.internal.deadletter.LetterFields.LEASE;
import static dev.cairn.projections.internal.deadletter.LetterFields.DIAGNOSTICS;
import static dev.cairn.projections.internal.deadletter.LetterFields.ID;
import static dev.cairn.projections.internal.deadletter.LetterFields.LAST_TOUCHED;
import static dev.cairn.projections.internal.deadletter.LetterFields.PROCESSING_GROUP;
import static dev.cairn.projections.internal.deadletter.LetterFields.SEQUENCE_IDENTIFIER;
import static dev.cairn.projections.internal.deadletter.LetterFields.SEQUENCE_INDEX;

/**
 * The letters of one processing group in their collection: appending, reading, requeueing, evicting and counting.
 * Every write is a single-document operation; the unique index over (processing group, sequence identifier, sequence
 * index) settles concurrent appends to one sequence.
 */
public final class LetterStore {

    private static final int MAX_APPEND_ATTEMPTS = 100;
    private static final int PAGE_SIZE = 100;

    private final MongoCollection<BsonDocument> collection;
    private final String processingGroup;
    private final LetterDocuments documents;

    /**
     * Creates the store and ensures the collection's indexes (with {@code createIndexes} off, checks them).
     *
     * @throws dev.cairn.eventstore.mongo.support.IndexConflictException when an index of the same name differs
     * @throws dev.cairn.eventstore.mongo.support.MissingIndexException  when one is missing and may not be created
     */
    public LetterStore(MongoCollection<BsonDocument> collection, String processingGroup, Serializer serializer,
                       StoredJson storedJson, boolean createIndexes) {
        this.collection = collection;
        this.processingGroup = processingGroup;
        this.documents = new LetterDocuments(processingGroup, serializer, storedJson);
        MongoIndexes.prepare(collection, LetterFields.INDEXES, createIndexes);
    }

    /**
     * Appends {@code letter} to the end of its sequence, after the letter with the highest index. When another node
     * appends to the same sequence at the same moment, the unique index rejects one of the two inserts, which then
     * takes the next index.
     *
     * @return the index the letter got within its sequence
     */
    public long append(String sequenceIdentifier, DeadLetter<? extends EventMessage<?>> letter) {
        BsonDocument document = documents.toDocument(UUID.randomUUID().toString(), sequenceIdentifier, 0, letter);
        for (int attempt = 1; ; attempt++) {
            long index = lastIndex(sequenceIdentifier) + 1;
            document.put(SEQUENCE_INDEX, new BsonInt64(index));
            try {
                collection.insertOne(document);
                return index;
            } catch (MongoException e) {
                if (!MongoErrors.isDuplicateKey(e) || attempt == MAX_APPEND_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * @return the letter with the given identifier, if it is still in this processing group
     */
    public <M extends EventMessage<?>> Optional<MongoDeadLetter<M>> find(String letterId) {
        return Optional.ofNullable(collection.find(letter(letterId)).first()).map(documents::toLetter);
    }

    /**
     * @return the letters of the sequence in order, read lazily a page at a time
     */
    public <M extends EventMessage<?>> Iterable<DeadLetter<? extends M>> sequence(String sequenceIdentifier) {
        return () -> new LetterPages<M>(this, sequenceIdentifier, PAGE_SIZE);
    }

    /**
     * @return the letter following {@code sequenceIndex} in the sequence, if any
     */
    public <M extends EventMessage<?>> Optional<MongoDeadLetter<M>> next(String sequenceIdentifier,
                                                                        long sequenceIndex) {
        List<MongoDeadLetter<M>> next = page(sequenceIdentifier, sequenceIndex, 1);
        return next.isEmpty() ? Optional.empty() : Optional.of(next.get(0));
    }

    /**
     * @return at most {@code limit} letters of the sequence following {@code afterIndex}, in sequence order
     */
    public <M extends EventMessage<?>> List<MongoDeadLetter<M>> page(String sequenceIdentifier, long afterIndex,
                                                                    int limit) {
        List<MongoDeadLetter<M>> letters = new ArrayList<>();
        collection.find(Filters.and(inSequence(sequenceIdentifier), Filters.gt(SEQUENCE_INDEX, afterIndex)))
                  .sort(Sorts.ascending(SEQUENCE_INDEX))
                  .limit(limit)
                  .forEach(document -> letters.add(documents.toLetter(document)));
        return letters;
    }

    /**
     * Stores what the updater changed on a letter (cause, diagnostics, last touched) and releases its claim.
     *
     * @return whether the letter still existed
     */
    public boolean requeue(String letterId, DeadLetter<? extends EventMessage<?>> updated) {
        List<Bson> updates = new ArrayList<>(Instants.set(LAST_TOUCHED, updated.lastTouched()));
        updates.add(updated.cause().map(cause -> Updates.set(CAUSE, LetterDocuments.cause(cause)))
                           .orElseGet(() -> Updates.unset(CAUSE)));
        updates.add(Updates.set(DIAGNOSTICS, documents.diagnostics(updated.diagnostics())));
        documents.stampUpdate().ifPresent(updates::add);
        updates.add(Updates.set(CLAIM, BsonNull.VALUE));
        updates.add(Updates.unset(LEASE));
        return collection.updateOne(letter(letterId), Updates.combine(updates)).getMatchedCount() > 0;
    }

    /**
     * @return whether the letter existed
     */
    public boolean delete(String letterId) {
        return collection.deleteOne(letter(letterId)).getDeletedCount() > 0;
    }

    public boolean contains(String sequenceIdentifier) {
        return collection.find(inSequence(sequenceIdentifier)).projection(Projections.include(ID)).first() != null;
    }

    public long size() {
        return collection.countDocuments(group());
    }

    public long sequenceSize(String sequenceIdentifier) {
        return collection.countDocuments(inSequence(sequenceIdentifier));
    }

    public long amountOfSequences() {
        BsonDocument count = collection.aggregate(List.of(Aggregates.match(group()),
                                                          Aggregates.group("$" + SEQUENCE_IDENTIFIER),
                                                          Aggregates.count("sequences")))
                                       .first();
        return count == null ? 0 : count.getNumber("sequences").longValue();
    }

    /**
     * @return the identifiers of all sequences with letters, in identifier order
     */
    public List<String> sequenceIdentifiers() {
        List<String> identifiers = new ArrayList<>();
        collection.aggregate(List.of(Aggregates.match(group()),
                                     Aggregates.group("$" + SEQUENCE_IDENTIFIER),
                                     Aggregates.sort(Sorts.ascending(ID))))
                  .forEach(sequence -> identifiers.add(sequence.getString(ID).getValue()));
        return identifiers;
    }

    /**
     * @return how many letters were deleted
     */
    public long clear() {
        return collection.deleteMany(group()).getDeletedCount();
    }

    private long lastIndex(String sequenceIdentifier) {
        BsonDocument last = collection.find(inSequence(sequenceIdentifier))
                                      .projection(Projections.include(SEQUENCE_INDEX))
                                      .sort(Sorts.descending(SEQUENCE_INDEX))
                                      .first();
        return last == null ? -1 : last.getInt64(SEQUENCE_INDEX).getValue();
    }

    private BsonDocument group() {
        return new BsonDocument(PROCESSING_GROUP, new BsonString(processingGroup));
    }

    private BsonDocument inSequence(String sequenceIdentifier) {
        return group().append(SEQUENCE_IDENTIFIER, new BsonString(sequenceIdentifier));
    }

    private BsonDocument letter(String letterId) {
        return new BsonDocument(ID, new BsonString(letterId)).append(PROCESSING_GROUP, new BsonString(processingGroup));
    }
}
