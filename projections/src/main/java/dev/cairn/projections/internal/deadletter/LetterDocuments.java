package dev.cairn.projections.internal.deadletter;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import dev.cairn.eventstore.mongo.support.StoredJson;
import dev.cairn.eventstore.mongo.support.StoredJsonFormat;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

import java.util.Optional;

import static dev.cairn.projections.internal.deadletter.LetterFields.CAUSE;
import static dev.cairn.projections.internal.deadletter.LetterFields.CLAIM;
import static dev.cairn.projections.internal.deadletter.LetterFields.DIAGNOSTICS;
import static dev.cairn.projections.internal.deadletter.LetterFields.ENQUEUED_AT;
import static dev.cairn.projections.internal.deadletter.LetterFields.EVENT;
import static dev.cairn.projections.internal.deadletter.LetterFields.ID;
import static dev.cairn.projections.internal.deadletter.LetterFields.LAST_TOUCHED;
import static dev.cairn.projections.internal.deadletter.LetterFields.MESSAGE;
import static dev.cairn.projections.internal.deadletter.LetterFields.PROCESSING_GROUP;
import static dev.cairn.projections.internal.deadletter.LetterFields.SEQUENCE_IDENTIFIER;
import static dev.cairn.projections.internal.deadletter.LetterFields.SEQUENCE_INDEX;
import static dev.cairn.projections.internal.deadletter.LetterFields.TYPE;

/**
 * Maps dead letters of one processing group to their documents and back (layout in {@link LetterFields}).
 */
final class LetterDocuments {

    private final String processingGroup;
    private final Serializer serializer;
    private final StoredJson storedJson;
    private final EventDocuments events;

    LetterDocuments(String processingGroup, Serializer serializer, StoredJson storedJson) {
        this.processingGroup = processingGroup;
        this.serializer = serializer;
        this.storedJson = storedJson;
        this.events = new EventDocuments(serializer, storedJson);
    }

    /**
     * @return the document of a new, unclaimed letter
     */
    BsonDocument toDocument(String letterId, String sequenceIdentifier, long sequenceIndex,
                            DeadLetter<? extends EventMessage<?>> letter) {
        BsonDocument document = new BsonDocument(ID, new BsonString(letterId))
                .append(PROCESSING_GROUP, new BsonString(processingGroup))
                .append(SEQUENCE_IDENTIFIER, new BsonString(sequenceIdentifier))
                .append(SEQUENCE_INDEX, new BsonInt64(sequenceIndex));
        Instants.put(document, ENQUEUED_AT, letter.enqueuedAt());
        Instants.put(document, LAST_TOUCHED, letter.lastTouched());
        letter.cause().ifPresent(cause -> document.append(CAUSE, cause(cause)));
        document.append(DIAGNOSTICS, diagnostics(letter.diagnostics()))
                .append(CLAIM, BsonNull.VALUE)
                .append(EVENT, events.toDocument(letter.message()));
        return storedJson.stamp(document);
    }

    @SuppressWarnings("unchecked")
    <M extends EventMessage<?>> MongoDeadLetter<M> toLetter(BsonDocument document) {
        // any format this release knows reads the same way; a newer one fails here, naming the letter
        StoredJsonFormat.of(document);
        return new MongoDeadLetter<>(document.getString(ID).getValue(),
                                     document.getString(SEQUENCE_IDENTIFIER).getValue(),
                                     document.getInt64(SEQUENCE_INDEX).getValue(),
                                     (M) events.toMessage(document.getDocument(EVENT)),
                                     cause(document),
                                     Instants.get(document, ENQUEUED_AT),
                                     Instants.get(document, LAST_TOUCHED),
                                     diagnostics(document.get(DIAGNOSTICS)));
    }

    /**
     * @return the update that marks a letter as holding values written in this queue's format, if it needs one
     */
    Optional<Bson> stampUpdate() {
        return storedJson.stampUpdate();
    }

    static BsonDocument cause(Cause cause) {
        return new BsonDocument(TYPE, EventDocuments.nullable(cause.type()))
                .append(MESSAGE, EventDocuments.nullable(cause.message()));
    }

    BsonValue diagnostics(MetaData diagnostics) {
        return storedJson.toBson(serializer.serialize(diagnostics, byte[].class).getData());
    }

    private static Optional<Cause> cause(BsonDocument document) {
        if (!document.isDocument(CAUSE)) {
            return Optional.empty();
        }
        BsonDocument cause = document.getDocument(CAUSE);
        return Optional.of(new ThrowableCause(EventDocuments.string(cause.get(TYPE)),
                                              EventDocuments.string(cause.get(MESSAGE))));
    }

    private MetaData diagnostics(BsonValue stored) {
        if (stored == null || stored.isNull()) {
            return MetaData.emptyInstance();
        }
        return serializer.deserialize(new SimpleSerializedObject<>(StoredJson.toBytes(stored), byte[].class,
                                                                   serializer.typeForClass(MetaData.class)));
    }
}
