package dev.cairn.projections.internal.deadletter;

import dev.cairn.eventstore.mongo.layout.IndexCatalog;
import dev.cairn.eventstore.mongo.support.IndexSpec;

import java.util.List;

/**
 * The stored format of a dead letter: every field name, and the indexes of the collection. One document per letter:
 * <pre>
 * { _id: "letter id", processingGroup, sequenceIdentifier, sequenceIndex: NumberLong,
 *   enqueuedAt: ISODate, lastTouched: ISODate, cause: { type, message }, diagnostics: { ... },
 *   claim: null | { owner, at: ISODate },                     (the claim's owner, and when on the node's clock)
 *   lease: { format: 2, owner, at: ISODate, ms: NumberLong },  (the claim's lease, on the database's clock: ADR 71)
 *   event: { messageType, identifier, timestamp: ISODate, type, revision, payload: { ... }, metaData: { ... },
 *            aggregate: { type, identifier, sequence },            (domain events)
 *            token: { type, revision, value: { ... } } } }        (tracked events)
 * </pre>
 * Instants finer than a millisecond add {@code <field>Nanos}; serialized data is kept by the shared policy
 * {@link dev.cairn.eventstore.mongo.support.StoredJson} (a sub-document when lossless, else text or binary). A letter
 * written in stored JSON format 2 (decimals as decimal128) carries {@code format: 2}; one without it is format 1.
 */
final class LetterFields {

    static final String ID = "_id";
    static final String PROCESSING_GROUP = "processingGroup";
    static final String SEQUENCE_IDENTIFIER = "sequenceIdentifier";
    static final String SEQUENCE_INDEX = "sequenceIndex";
    static final String ENQUEUED_AT = "enqueuedAt";
    static final String LAST_TOUCHED = "lastTouched";
    static final String CAUSE = "cause";
    static final String MESSAGE = "message";
    static final String DIAGNOSTICS = "diagnostics";
    static final String CLAIM = "claim";
    /** The claim's {@link dev.cairn.processing.Lease}; absent while unclaimed or claimed by a previous-format node. */
    static final String LEASE = "lease";
    static final String OWNER = "owner";
    static final String AT = "at";
    static final String EVENT = "event";

    static final String MESSAGE_TYPE = "messageType";
    static final String IDENTIFIER = "identifier";
    static final String TIMESTAMP = "timestamp";
    static final String TYPE = "type";
    static final String REVISION = "revision";
    static final String PAYLOAD = "payload";
    static final String META_DATA = "metaData";
    static final String AGGREGATE = "aggregate";
    static final String SEQUENCE = "sequence";
    static final String TOKEN = "token";
    static final String VALUE = "value";

    /** The claim's timestamp, as a path for filters. */
    static final String CLAIM_AT = CLAIM + "." + AT;
    /** The claim's owner, as a path for filters. */
    static final String CLAIM_OWNER = CLAIM + "." + OWNER;

    /**
     * One unique index serves every query of the queue: it allocates indexes within a sequence (a second letter at
     * the same index is a duplicate key), reads a sequence in order, finds the first letter of every sequence, and
     * counts and clears a processing group by its prefix.
     */
    static final List<IndexSpec> INDEXES = IndexCatalog.DEAD_LETTERS;

    private LetterFields() {
    }
}
