package dev.cairn.eventstore.mongo.layout;

import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.eventstore.mongo.support.IndexSpec;
import org.axonframework.common.AxonConfigurationException;
import org.bson.BsonDocument;
import org.bson.BsonInt32;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The one owner of the event store's stored format: its collections, the names of every stored field and the indexes
 * on them. Nothing outside this class spells a stored field name; other modules ask the engine's public API (for
 * example {@code MongoEventStorageEngine.snapshots()} or {@code operations()}) instead of querying these fields
 * themselves.
 * <p>
 * A <em>commit document</em> in the event collection holds everything one append stored:
 * <pre>
 * { _id: 41,                      // global index of its first event
 *   lastGlobalIndex: 43,          // global index of its last event (events are numbered consecutively)
 *   timestamp: ISODate(..),       // the latest event timestamp, used to create tokens at a point in time
 *   streamKeys: ["order-7#3", ..] // aggregateIdentifier#sequenceNumber of each domain event: unique index
 *   events: [ { eventIdentifier, aggregateType, aggregateIdentifier, sequenceNumber, timestamp,
 *               timestampNanos, payloadType, payloadRevision, payload, metaData }, .. ],
 *   idempotency: { key, claim, resultType, resultRevision, result } } // only when an idempotent command made it
 * </pre>
 * The {@code idempotency} sub-document (ADR 74) is part of the commit and stays as long as the commit does; the
 * idempotency collection's retention (24 hours by default) decides only how long a repeat of the key finds it: its
 * key document names the {@code claim}, the unique, sparse index {@code cairn_idempotencyClaim} finds the commit.
 * Commits <em>tile</em> the global indexes: a commit is inserted only directly above the highest stored one, so every
 * index from the floor (below) up to the highest stored {@code lastGlobalIndex} belongs to exactly one commit. A
 * <em>void</em> commit ({@code _id}, {@code lastGlobalIndex}, {@code voided: true}) was written over the indexes of
 * a rejected append by earlier versions, which allocated indexes from a counter; it is still read, never written.
 * A snapshot document has the fields of one event, keyed by its aggregate identifier. The sequence collection holds
 * one document per event collection: {@code {_id: <event collection>, value: "claimed-by-insert", floor: <n>}}, where
 * {@code n} is the last value of the counter that earlier versions allocated from (0 in a store that never had one):
 * new commits are laid out above it, and the string value makes an earlier version's counter increment fail instead
 * of handing out indexes.
 *
 * @param eventCollection    the commit documents; defaults to {@value CairnCollections#EVENTS}
 * @param snapshotCollection one snapshot per aggregate; defaults to {@value CairnCollections#SNAPSHOTS}
 * @param sequenceCollection the floor of claimed global indexes; defaults to {@value CairnCollections#SEQUENCES}
 */
public record StorageLayout(String eventCollection, String snapshotCollection, String sequenceCollection) {

    public static final String ID = "_id";
    public static final String LAST_GLOBAL_INDEX = "lastGlobalIndex";
    public static final String TIMESTAMP = "timestamp";
    public static final String STREAM_KEYS = "streamKeys";
    public static final String EVENTS = "events";
    public static final String VOIDED = "voided";
    /** The idempotency key a commit carries (ADR 74): {@code {key, claim, resultType, resultRevision, result}}. */
    public static final String IDEMPOTENCY = "idempotency";
    public static final String IDEMPOTENCY_KEY = "key";
    public static final String IDEMPOTENCY_CLAIM = "claim";
    public static final String IDEMPOTENCY_RESULT_TYPE = "resultType";
    public static final String IDEMPOTENCY_RESULT_REVISION = "resultRevision";
    public static final String IDEMPOTENCY_RESULT = "result";

    public static final String EVENT_IDENTIFIER = "eventIdentifier";
    public static final String AGGREGATE_TYPE = "aggregateType";
    public static final String AGGREGATE_IDENTIFIER = "aggregateIdentifier";
    public static final String SEQUENCE_NUMBER = "sequenceNumber";
    public static final String TIMESTAMP_NANOS = "timestampNanos";
    public static final String PAYLOAD_TYPE = "payloadType";
    public static final String PAYLOAD_REVISION = "payloadRevision";
    public static final String PAYLOAD = "payload";
    public static final String META_DATA = "metaData";

    /** The counter value in a sequence document: a number before the switch to claiming by insert, then a marker. */
    public static final String COUNTER_VALUE = "value";
    /** The marker {@link #COUNTER_VALUE} of a sequence document switched to claiming indexes by insert. */
    public static final String CLAIMED_BY_INSERT = "claimed-by-insert";
    /** The counter's last value when the sequence document was switched: no new commit is laid out at or below it. */
    public static final String SEQUENCE_FLOOR = "floor";

    /** Field of a commit's idempotency key, for queries: {@code idempotency.<field>}. */
    public static String idempotencyField(String field) {
        return IDEMPOTENCY + "." + field;
    }

    /** Field of an event inside a commit document, for queries: {@code events.<field>}. */
    public static String eventField(String field) {
        return EVENTS + "." + field;
    }

    /**
     * The indexes of the event collection ({@code _id}, the first global index of a commit, comes with it):
     * <ul>
     *     <li>{@code cairn_lastGlobalIndex}: streaming in global order, and finding late commits in gaps;</li>
     *     <li>{@code cairn_streamKeys}: unique per {@code aggregateIdentifier#sequenceNumber}, the optimistic lock,
     *     and point lookups when loading an aggregate;</li>
     *     <li>{@code cairn_eventIdentifier}: unique event identifiers;</li>
     *     <li>{@code cairn_aggregate}: the latest commit of an aggregate ({@code lastSequenceNumberFor});</li>
     *     <li>{@code cairn_timestamp}: tokens at a point in time;</li>
     *     <li>{@code cairn_idempotencyClaim}: unique and sparse (only commits of idempotent commands have it), the
     *     commit of one use of an idempotency key (ADR 74).</li>
     * </ul>
     */
    public static final List<IndexSpec> EVENT_INDEXES = List.of(
            IndexSpec.ascending("cairn_lastGlobalIndex", LAST_GLOBAL_INDEX).asUnique(),
            IndexSpec.ascending("cairn_streamKeys", STREAM_KEYS).asUnique().asSparse(),
            IndexSpec.ascending("cairn_eventIdentifier", eventField(EVENT_IDENTIFIER)).asUnique().asSparse(),
            new IndexSpec("cairn_aggregate", new BsonDocument(eventField(AGGREGATE_IDENTIFIER), new BsonInt32(1))
                    .append(ID, new BsonInt32(-1)), false, false, null),
            IndexSpec.ascending("cairn_timestamp", TIMESTAMP),
            IndexSpec.ascending("cairn_idempotencyClaim", idempotencyField(IDEMPOTENCY_CLAIM)).asUnique().asSparse());

    /**
     * The indexes of the snapshot collection besides {@code _id} (the aggregate identifier): snapshots of a type by
     * time and by revision, for housekeeping.
     */
    public static final List<IndexSpec> SNAPSHOT_INDEXES = List.of(
            IndexSpec.ascending("cairn_snapshots_type_timestamp", AGGREGATE_TYPE, TIMESTAMP),
            IndexSpec.ascending("cairn_snapshots_type_revision", AGGREGATE_TYPE, PAYLOAD_REVISION));

    public StorageLayout {
        requireName(eventCollection, "event collection");
        requireName(snapshotCollection, "snapshot collection");
        requireName(sequenceCollection, "sequence collection");
        if (eventCollection.equals(snapshotCollection) || eventCollection.equals(sequenceCollection)
                || snapshotCollection.equals(sequenceCollection)) {
            throw new AxonConfigurationException("The event [" + eventCollection + "], snapshot ["
                                                         + snapshotCollection + "] and sequence ["
                                                         + sequenceCollection
                                                         + "] collections must have different names");
        }
    }

    /**
     * @return the default layout: collections {@code events}, {@code snapshots} and {@code sequences}
     */
    public static StorageLayout defaults() {
        return new StorageLayout(CairnCollections.EVENTS, CairnCollections.SNAPSHOTS, CairnCollections.SEQUENCES);
    }

    /**
     * @return the layout of the event store that {@code collections} describes
     */
    public static StorageLayout of(CairnCollections collections) {
        if (collections == null) {
            throw new AxonConfigurationException("The collections may not be null");
        }
        return new StorageLayout(collections.name(CairnCollections.Role.EVENTS),
                                 collections.name(CairnCollections.Role.SNAPSHOTS),
                                 collections.name(CairnCollections.Role.SEQUENCES));
    }

    /**
     * @return {@code collections} with this layout's event, snapshot and sequence collections
     * @throws AxonConfigurationException when another role's collection already has one of these names
     */
    public CairnCollections addTo(CairnCollections collections) {
        if (collections == null) {
            throw new AxonConfigurationException("The collections may not be null");
        }
        Map<CairnCollections.Role, String> names = new EnumMap<>(collections.names());
        names.put(CairnCollections.Role.EVENTS, eventCollection);
        names.put(CairnCollections.Role.SNAPSHOTS, snapshotCollection);
        names.put(CairnCollections.Role.SEQUENCES, sequenceCollection);
        return new CairnCollections(names);
    }

    /**
     * @return the unique key of one event in its aggregate's stream, as stored in {@code streamKeys}
     */
    public static String streamKey(String aggregateIdentifier, long sequenceNumber) {
        return aggregateIdentifier + "#" + sequenceNumber;
    }

    /**
     * Checks a collection name the way a builder setter does, before the whole layout is known.
     *
     * @throws AxonConfigurationException when the name is null or blank
     */
    public static String requireName(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new AxonConfigurationException("The " + what + " name may not be null or blank");
        }
        return name;
    }
}
