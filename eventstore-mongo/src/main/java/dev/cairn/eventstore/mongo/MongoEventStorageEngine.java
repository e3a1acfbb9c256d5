package dev.cairn.eventstore.mongo;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.internal.Appends;
import dev.cairn.eventstore.mongo.internal.ClaimHead;
import dev.cairn.eventstore.mongo.internal.CommitKeyLookup;
import dev.cairn.eventstore.mongo.internal.DuplicateEventException;
import dev.cairn.eventstore.mongo.internal.DuplicateKeyResolver;
import dev.cairn.eventstore.mongo.internal.EventQueries;
import dev.cairn.eventstore.mongo.internal.GapTracker;
import dev.cairn.eventstore.mongo.internal.GroupCommitter;
import dev.cairn.eventstore.mongo.internal.KeyTakenRejection;
import dev.cairn.eventstore.mongo.internal.PreparedCommit;
import dev.cairn.eventstore.mongo.internal.RejectedCommitException;
import dev.cairn.eventstore.mongo.internal.SequenceFloor;
import dev.cairn.eventstore.mongo.internal.SnapshotStore;
import dev.cairn.eventstore.mongo.internal.TrackedEventCursor;
import dev.cairn.eventstore.mongo.internal.TypeGuard;
import dev.cairn.eventstore.mongo.internal.UnreadableSnapshots;
import dev.cairn.eventstore.mongo.layout.StorageLayout;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.eventstore.mongo.support.IndexConflictException;
import dev.cairn.eventstore.mongo.support.MissingIndexException;
import dev.cairn.eventstore.mongo.support.MongoErrors;
import dev.cairn.eventstore.mongo.support.MongoIndexes;
import dev.cairn.eventstore.mongo.support.ReplicaSetConcerns;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventsourcing.eventstore.BatchingEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.axonframework.common.BuilderUtils.assertNonNull;
import static org.axonframework.common.BuilderUtils.assertThat;

/**
 * An Axon {@link org.axonframework.eventsourcing.eventstore.EventStorageEngine} storing events in MongoDB.
 * <p>
 * Every append is one <em>commit document</em> written by a single insert, so an append is stored entirely or not at
 * all without multi-document transactions, whether it holds one event or several aggregates' events. A unique index
 * over {@code aggregateIdentifier#sequenceNumber} keys rejects a stale append as a whole (Axon's
 * {@code ConcurrencyException}, or {@code AggregateStreamCreationException} for a second creation). A commit claims its
 * global indexes by being inserted right above the highest stored one, so an append is one round trip and commits
 * tile the indexes without holes (ADR 70); readers track them with Axon's {@link GapAwareTrackingToken}, so an event of
 * history written by earlier versions, which allocated indexes from a counter, that was committed late under a lower
 * index is still delivered, exactly once.
 * <p>
 * Built with {@link #builder()}; {@code builder().database(db).build()} alone gives a working engine with these
 * defaults:
 * <ul>
 *     <li>collections {@code events}, {@code snapshots} and {@code sequences} (the floor of claimed indexes);</li>
 *     <li>write concern majority with journal, write timeout the client's {@code wtimeoutMS} or else 10 seconds;
 *     every read (loads, snapshots, conflict lookups, heads, streaming) at read concern majority from the primary
 *     (ADR 75);</li>
 *     <li>event and snapshot serializer: {@link CairnSerializers#defaultSerializer()} (Jackson, records,
 *     {@code java.time}), stored as BSON documents;</li>
 *     <li>batch size 100 (aggregate loads); streaming batch size 1,000; gap timeout 60 seconds; max gap offset
 *     10,000;</li>
 *     <li>group commit waits at most 1 ms (and at most half a recent round's time) for the writers of recent rounds;</li>
 *     <li>no upcasters, all snapshots allowed, no {@link SnapshotScope}, duplicate keys translated by code;</li>
 *     <li>stored type names resolved only within {@link AllowedTypes#cairnDefaults()} and the types the engine
 *     serialized itself;</li>
 *     <li>index creation on: missing indexes are created when the engine is built.</li>
 * </ul>
 * Indexes are created (idempotently) when the engine is built, or only checked with
 * {@link Builder#indexCreation(boolean) indexCreation(false)}. A snapshot whose payload cannot be read is ignored and
 * the aggregate loaded from its events: a snapshot is a cache, it never blocks a load.
 */
public class MongoEventStorageEngine extends BatchingEventStorageEngine {

    /** How long an append keeps claiming while the commit that took its index is not yet visible to majority reads. */
    private static final Duration CLAIM_VISIBILITY_TIMEOUT = Duration.ofSeconds(5);

    private final StorageLayout layout;
    private final MongoCollection<BsonDocument> events;
    private final EventQueries queries;
    private final SnapshotStore snapshotStore;
    private final SnapshotCatalog snapshotCatalog;
    private final EventStoreOperations operations;
    private final UnreadableSnapshots unreadableSnapshots = new UnreadableSnapshots();
    private final ThreadLocal<Long> lastAppended = new ThreadLocal<>();
    private final ClaimHead claimHead;
    private final GroupCommitter groupCommitter;
    private final CommitKeys commitKeys;
    private final List<AppendListener> appendListeners;
    private final CommitKeyLookup keyLookup;
    private final GapTracker gapTracker;
    private final int maxGapOffset;
    private final int streamingBatchSize;
    private final CommitDoorbell doorbell;
    private final SnapshotScope snapshotScope;

    /**
     * Creates an engine from a validated builder, creates (or, with index creation off, checks) its indexes and
     * switches the sequence document to claimed indexes (once per store).
     *
     * @throws EventStoreException when an index with a Cairn name exists with another definition, or, with index
     *                             creation off, when one is missing (the message names it and how to create it)
     */
    protected MongoEventStorageEngine(Builder builder) {
        super(builder.guarded());
        this.layout = builder.layout();
        TypeGuard typeGuard = builder.typeGuard;
        // every read decides what is written next: majority from the primary, whatever the client's defaults (ADR 75)
        MongoDatabase database = ReplicaSetConcerns.decisive(builder.database)
                                                   .withWriteConcern(builder.effectiveWriteConcern());
        MongoCollection<BsonDocument> events = database.getCollection(layout.eventCollection(), BsonDocument.class);
        MongoCollection<BsonDocument> snapshots = database.getCollection(layout.snapshotCollection(),
                                                                         BsonDocument.class);
        this.events = events;
        this.doorbell = new CommitDoorbell(database, events, builder.changeStreamsOnStandalone);
        this.queries = new EventQueries(events, typeGuard);
        this.snapshotStore = new SnapshotStore(snapshots, typeGuard);
        this.snapshotCatalog = new SnapshotCatalog(snapshots, events);
        this.operations = new EventStoreOperations(events);
        this.gapTracker = new GapTracker(builder.gapTimeout, builder.gapClock);
        this.maxGapOffset = builder.maxGapOffset;
        this.streamingBatchSize = builder.streamingBatchSize;
        try {
            MongoIndexes.prepare(events, StorageLayout.EVENT_INDEXES, builder.indexCreation);
            MongoIndexes.prepare(snapshots, StorageLayout.SNAPSHOT_INDEXES, builder.indexCreation);
        } catch (IndexConflictException | MissingIndexException e) {
            throw new EventStoreException(e.getMessage(), e);
        }
        long floor = SequenceFloor.switchToClaims(database.getCollection(layout.sequenceCollection(),
                                                                        BsonDocument.class), layout.eventCollection());
        long highestStored = queries.highestGlobalIndex();
        this.claimHead = new ClaimHead(events, Math.max(floor, highestStored),
                                       builder.gapTimeout.toNanos() / 2, System::nanoTime);
        this.commitKeys = builder.commitKeys;
        this.appendListeners = List.copyOf(builder.appendListeners);
        this.keyLookup = new CommitKeyLookup(events);
        this.groupCommitter = new GroupCommitter(events, claimHead, queries, keyLookup, builder.groupCommitDelay,
                                                 CLAIM_VISIBILITY_TIMEOUT);
        this.snapshotScope = builder.snapshotScope;
    }

    /**
     * @return a builder; only {@link Builder#database(MongoDatabase)} is required
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        if (events.isEmpty()) {
            return;
        }
        PreparedCommit commit;
        try {
            commit = Appends.prepare(events, serializer);
        } catch (DuplicateEventException e) {
            handlePersistenceException(e, e.failedEvent());
            return;
        }
        commit = commitKeys.keyOf(events).map(commit::withKey).orElse(commit);
        long start = System.nanoTime();
        try {
            long first = groupCommitter.write(commit);
            lastAppended.set(first + commit.size() - 1);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            appendListeners.forEach(listener -> listener.appended(events, took));
        } catch (KeyTakenRejection e) {
            throw new IdempotencyKeyCommittedException(e.landed(), resultOf(e.landed()));
        } catch (EventStoreException e) {
            throw e; // the committer's own verdict: nothing was stored
        } catch (RuntimeException e) {
            if (MongoErrors.isDocumentTooLarge(e)) {
                throw new EventStoreException(Appends.describe(commit)
                                                      + " exceed MongoDB's 16 MB document limit; nothing was stored",
                                              e);
            }
            if (!(e instanceof RejectedCommitException)) {
                // the connection dropped, the server timed out or the write concern failed: the insert may have run
                throw new CommitOutcomeUnknownException(Appends.describe(commit) + " may or may not be stored: "
                                                                + e.getMessage(), e);
            }
            try {
                handlePersistenceException(e, MongoErrors.isDuplicateKey(e) ? conflictingEvent(commit, e)
                        : commit.events().get(0));
            } catch (ConcurrencyException conflict) {
                appendListeners.forEach(listener -> listener.conflicted(events));
                throw conflict;
            }
        }
    }

    /**
     * Finds the commit of one use of an idempotency key (ADR 74): one point lookup, read at majority.
     *
     * @param claim the claim of the key's use, as the idempotency collection records it
     * @return the key as its commit stores it, with the command's serialized result; empty when no commit carries it
     */
    public Optional<CommitKey> findCommitKey(String claim) {
        return keyLookup.find(claim).map(CommitKeyLookup.Found::key);
    }

    private Object resultOf(CommitKey key) {
        if (key.nullResult()) {
            return null;
        }
        return getEventSerializer().deserialize(new SimpleSerializedObject<>(key.result(), String.class,
                                                                             key.resultType(), key.resultRevision()));
    }

    private EventMessage<?> conflictingEvent(PreparedCommit commit, RuntimeException rejection) {
        if (rejection instanceof RejectedCommitException rejected) {
            return rejected.conflictingEvent().orElseGet(() -> queries.conflictingEvent(commit));
        }
        return queries.conflictingEvent(commit);
    }

    @Override
    protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        DomainEventMessage<?> stored = snapshotScope == null ? snapshot : scoped(snapshot);
        snapshotStore.store(stored, serializer);
        appendListeners.forEach(listener -> listener.snapshotStored(stored));
    }

    /** The snapshot with the entries its scope takes from the last event it covers (ADR 85). */
    private DomainEventMessage<?> scoped(DomainEventMessage<?> snapshot) {
        Stream<? extends DomainEventData<?>> covered =
                queries.aggregateEvents(snapshot.getAggregateIdentifier(), snapshot.getSequenceNumber(), 1).stream()
                       .filter(event -> event.getSequenceNumber() == snapshot.getSequenceNumber());
        DomainEventStream read = EventStreamUtils.upcastAndDeserializeDomainEvents(covered, getEventSerializer(),
                                                                                  upcasterChain);
        if (!read.hasNext()) {
            return snapshot;
        }
        Map<String, ?> carried = snapshotScope.carried(read.next());
        return carried == null || carried.isEmpty() ? snapshot : snapshot.andMetaData(carried);
    }

    /**
     * Streams the events after {@code trackingToken} through one long cursor, re-querying for late commits in gaps
     * when it is exhausted; the stream ends when a query finds nothing new. Closing the stream closes the cursor.
     */
    @Override
    protected Stream<? extends TrackedEventData<?>> readEventData(TrackingToken trackingToken, boolean mayBlock) {
        TrackedEventCursor cursor = trackedEventCursor(trackingToken, 0);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(cursor, Spliterator.ORDERED
                                            | Spliterator.NONNULL), false)
                            .onClose(cursor::close);
    }

    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        List<TrackedEventData<?>> batch = new ArrayList<>(batchSize);
        try (TrackedEventCursor cursor = trackedEventCursor(lastToken, batchSize)) {
            while (batch.size() < batchSize && cursor.hasNext()) {
                batch.add(cursor.next());
            }
        }
        return batch;
    }

    private TrackedEventCursor trackedEventCursor(TrackingToken after, int commitsPerQuery) {
        // raw documents: a batch of a thousand ten-event commits waits as bytes, not as ten thousand decoded events
        return new TrackedEventCursor(events.withDocumentClass(RawBsonDocument.class),
                                      TrackedEventCursor.gapAware(after), gapTracker, queries::read, maxGapOffset,
                                      streamingBatchSize, commitsPerQuery);
    }

    @Override
    protected List<? extends DomainEventData<?>> fetchDomainEvents(String aggregateIdentifier,
                                                                   long firstSequenceNumber,
                                                                   int batchSize) {
        return queries.aggregateEvents(aggregateIdentifier, firstSequenceNumber, batchSize);
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        return snapshotStore.read(aggregateIdentifier).stream();
    }

    /**
     * Reads the aggregate's snapshot and deserializes it at once (Axon would do it lazily, inside the command): a
     * snapshot that cannot be read is ignored, reported once and counted, and the aggregate is loaded from its events.
     * With a {@link SnapshotScope}, a snapshot the scope finds unusable is ignored the same way (not counted).
     */
    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        Optional<DomainEventMessage<?>> snapshot = super.readSnapshot(aggregateIdentifier);
        if (snapshotScope != null) {
            // before the payload is deserialized: a snapshot out of scope is not worth reading
            snapshot = snapshot.filter(snapshotScope::usable);
        }
        return snapshot.filter(unreadableSnapshots::usable);
    }

    /**
     * @return the global index of the last event the calling thread appended through this engine (a command sent with
     * {@code sendAndWait} appends on the sending thread), empty when it appended none; a projection has seen that
     * command's events once it is caught up to this position
     */
    public OptionalLong lastAppendedPosition() {
        Long last = lastAppended.get();
        return last == null ? OptionalLong.empty() : OptionalLong.of(last);
    }

    /**
     * Reads when the first event stored after global position {@code position} was stored, without resolving or
     * deserializing its payload: a reader of ages and lags (a status, the command line) neither needs the event's
     * classes nor warns about types outside the allowed ones.
     *
     * @param position a global position; {@code -1} for the first event
     * @return the timestamp of the first stored event after {@code position}, empty when none is stored after it
     */
    public Optional<java.time.Instant> firstTimestampAfter(long position) {
        TrackingToken after = position < 0 ? null : GapAwareTrackingToken.newInstance(position, List.of());
        return fetchTrackedEvents(after, 1).stream().findFirst().map(TrackedEventData::getTimestamp);
    }

    /**
     * @return how many times this engine laid a commit out at an index another node's commit had taken first, and laid
     * it out again higher; a measure of write contention between nodes
     */
    public long lostClaims() {
        return claimHead.lostClaims();
    }

    /**
     * @return the doorbell that rings when any process stores a commit in this engine's event collection (one change
     * stream for all its listeners, ADR 83); silent where change streams are unavailable
     */
    public CommitDoorbell commitDoorbell() {
        return doorbell;
    }

    /**
     * @return the most claims one commit of this engine lost before it was stored or failed: how long the slowest
     * writer waited for its turn, in claims (issue 26 bounds it at 3)
     */
    public int mostClaimsLostByOneCommit() {
        return groupCommitter.mostLostByOneCommit();
    }

    /**
     * @return the collections of this engine
     */
    public StorageLayout layout() {
        return layout;
    }

    /**
     * @return questions and clean-ups about the stored snapshots, for the snapshotter and operators
     */
    public SnapshotCatalog snapshots() {
        return snapshotCatalog;
    }

    /**
     * @return what operators ask this store: statistics, the events after a position (ADR 73)
     */
    public EventStoreOperations operations() {
        return operations;
    }

    /**
     * @return how many times, since this engine was built, a snapshot was ignored because its payload could not be
     * read
     */
    public long ignoredSnapshots() {
        return unreadableSnapshots.ignoredCount();
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        return queries.lastSequenceNumber(aggregateIdentifier);
    }

    /**
     * The token before the first global index: a processor starting here receives every event ever stored,
     * including those whose commits are still in flight.
     */
    @Override
    public TrackingToken createTailToken() {
        return GapAwareTrackingToken.newInstance(0, List.of());
    }

    /**
     * The token at the highest global index visible now.
     */
    @Override
    public TrackingToken createHeadToken() {
        return GapAwareTrackingToken.newInstance(queries.highestGlobalIndex(), List.of());
    }

    /**
     * The token just before the first event (in global order) whose timestamp is at or after {@code dateTime}; the
     * head token when there is none.
     */
    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        OptionalLong first = queries.firstGlobalIndexAt(dateTime);
        return first.isPresent() ? GapAwareTrackingToken.newInstance(first.getAsLong() - 1, List.of())
                : createHeadToken();
    }

    /**
     * Builds a {@link MongoEventStorageEngine}. Only {@link #database(MongoDatabase)} is required; every other
     * option has the default listed on {@link MongoEventStorageEngine}. Setters fail fast on invalid values; the
     * combination is validated when {@link #build()} is called.
     */
    public static class Builder extends BatchingEventStorageEngine.Builder {

        private MongoDatabase database;
        private String eventCollectionName = StorageLayout.defaults().eventCollection();
        private String snapshotCollectionName = StorageLayout.defaults().snapshotCollection();
        private String sequenceCollectionName = StorageLayout.defaults().sequenceCollection();
        private WriteConcern writeConcern = WriteConcern.MAJORITY.withJournal(true);
        private Duration writeTimeout;
        private Duration gapTimeout = Duration.ofSeconds(60);
        private int maxGapOffset = 10_000;
        private int streamingBatchSize = 1_000;
        private LongSupplier gapClock = System::nanoTime;
        private Duration groupCommitDelay = Duration.ofMillis(1);
        private Serializer eventSerializer;
        private Serializer snapshotSerializer;
        private AllowedTypes allowedTypes = AllowedTypes.cairnDefaults();
        private String allowedTypesHint = TypeGuard.DEFAULT_HINT;
        private TypeGuard typeGuard;
        private boolean indexCreation = true;
        private boolean changeStreamsOnStandalone;
        private CommitKeys commitKeys = CommitKeys.none();
        private final List<AppendListener> appendListeners = new java.util.ArrayList<>();
        private SnapshotScope snapshotScope;
        private SnapshotFilter snapshotFilterSoFar = SnapshotFilter.allowAll();

        /**
         * Creates a builder with the defaults listed on {@link MongoEventStorageEngine}.
         */
        public Builder() {
            eventSerializer(CairnSerializers.defaultSerializer());
            snapshotSerializer(CairnSerializers.defaultSerializer());
            persistenceExceptionResolver(new DuplicateKeyResolver());
        }

        /**
         * Sets the database holding the event, snapshot and sequence collections. Required.
         */
        public Builder database(MongoDatabase database) {
            assertNonNull(database, "The MongoDatabase may not be null");
            this.database = database;
            return this;
        }

        /**
         * Sets the collection of commit documents. Defaults to {@code events}.
         */
        public Builder eventCollectionName(String name) {
            this.eventCollectionName = StorageLayout.requireName(name, "event collection");
            return this;
        }

        /**
         * Sets the collection of snapshots. Defaults to {@code snapshots}.
         */
        public Builder snapshotCollectionName(String name) {
            this.snapshotCollectionName = StorageLayout.requireName(name, "snapshot collection");
            return this;
        }

        /**
         * Sets the collection holding the sequence document of each event collection: the floor of claimed global
         * indexes, once the counter of earlier versions. Defaults to {@code sequences}.
         */
        public Builder sequenceCollectionName(String name) {
            this.sequenceCollectionName = StorageLayout.requireName(name, "sequence collection");
            return this;
        }

        /**
         * Sets the write concern of appends and snapshots. Defaults to majority with journal: an acknowledged event
         * survives a failover. Only {@code w: "majority"} is accepted (with or without journal): below a majority an
         * acknowledged commit can be rolled back by a failover, leaving a hole that no node's head crosses and an
         * index two nodes' commits may both take (ADR 75). The write timeout is set with
         * {@link #writeTimeout(Duration)}, not on this write concern.
         *
         * @throws AxonConfigurationException when {@code writeConcern} is not {@code w: "majority"} or carries a
         *                                    write timeout
         */
        public Builder writeConcern(WriteConcern writeConcern) {
            assertNonNull(writeConcern, "The WriteConcern may not be null");
            assertThat(writeConcern, ReplicaSetConcerns::isMajority,
                       "The write concern " + writeConcern.asDocument().toJson() + " is refused: Cairn needs "
                               + "w: \"majority\"; an append acknowledged by fewer nodes can be rolled back by a "
                               + "failover, leaving a hole that no node's head crosses and a global index that two "
                               + "nodes' commits can both take (ADR 75)");
            assertThat(writeConcern, wc -> wc.getWTimeout(TimeUnit.MILLISECONDS) == null,
                       "The write concern " + writeConcern.asDocument().toJson() + " carries a wtimeout: set the "
                               + "write timeout with writeTimeout(Duration)");
            this.writeConcern = writeConcern;
            return this;
        }

        /**
         * Sets how long an append or snapshot waits for a majority of the replica set to acknowledge it (the write
         * concern's {@code wtimeout}). Defaults to the client's {@code wtimeoutMS}, or 10 seconds when it has none.
         * When no majority acknowledges in time, the append fails with an {@link EventStoreException} whose cause is
         * the driver's {@code MongoWriteConcernException} (or {@code MongoBulkWriteException} with a write concern
         * error): its outcome is unknown, the commit may be stored and become durable, or be rolled back; sending
         * the command again is safe (a commit is stored at most once, ADR 75).
         */
        public Builder writeTimeout(Duration writeTimeout) {
            assertNonNull(writeTimeout, "The write timeout may not be null");
            assertThat(writeTimeout, t -> t.toMillis() > 0, "The write timeout must be at least one millisecond");
            this.writeTimeout = writeTimeout;
            return this;
        }

        /**
         * Sets how long a reader keeps waiting for a reserved but invisible global index before it gives the gap up.
         * Defaults to 60 seconds. Longer is safer against slow writers; gaps cost only a small query term.
         */
        public Builder gapTimeout(Duration gapTimeout) {
            assertNonNull(gapTimeout, "The gap timeout may not be null");
            assertThat(gapTimeout, t -> !t.isNegative() && !t.isZero(), "The gap timeout must be positive");
            this.gapTimeout = gapTimeout;
            return this;
        }

        /**
         * Sets how far behind a token's index gaps are still tracked. Defaults to 10,000.
         */
        public Builder maxGapOffset(int maxGapOffset) {
            assertThat(maxGapOffset, o -> o > 0, "The max gap offset must be positive");
            this.maxGapOffset = maxGapOffset;
            return this;
        }

        /**
         * Sets how many commit documents one server round trip of a streaming cursor returns. Defaults to 1,000:
         * catching up costs about one {@code getMore} per thousand commits.
         */
        public Builder streamingBatchSize(int streamingBatchSize) {
            assertThat(streamingBatchSize, s -> s > 0, "The streaming batch size must be positive");
            this.streamingBatchSize = streamingBatchSize;
            return this;
        }

        /**
         * Sets the monotonic nanosecond clock gap ages are measured with. Defaults to {@link System#nanoTime()};
         * tests replace it to expire gaps without waiting.
         */
        public Builder gapClock(LongSupplier nanoClock) {
            assertNonNull(nanoClock, "The gap clock may not be null");
            this.gapClock = nanoClock;
            return this;
        }

        /**
         * Sets the longest a group-commit round waits for the writers of recent, larger rounds to queue again before
         * it is written. Defaults to 1 ms; the wait is also never more than half the average time of recent rounds,
         * and a writer that is alone never waits. {@link Duration#ZERO} writes every round at once.
         */
        public Builder groupCommitDelay(Duration groupCommitDelay) {
            assertNonNull(groupCommitDelay, "The group commit delay may not be null");
            assertThat(groupCommitDelay, delay -> !delay.isNegative(), "The group commit delay may not be negative");
            this.groupCommitDelay = groupCommitDelay;
            return this;
        }

        /**
         * Sets whether building the engine creates the indexes of the event and snapshot collections. Defaults to
         * {@code true}: missing indexes are created. With {@code false} (a user without the {@code createIndex}
         * privilege) no index is created: the build lists the indexes and fails with an {@link EventStoreException}
         * naming the first missing one (collection, name, keys) and how to create it ({@code cairn indexes ensure});
         * when all are present it sends no {@code createIndexes} command. Either way an index of Cairn's name with
         * another definition fails the build.
         */
        public Builder indexCreation(boolean indexCreation) {
            this.indexCreation = indexCreation;
            return this;
        }

        /**
         * Adds a listener told of every stored commit, refused (conflicting) commit and stored snapshot, for meters.
         * None by default.
         */
        public Builder appendListener(AppendListener listener) {
            assertNonNull(listener, "The AppendListener may not be null");
            appendListeners.add(listener);
            return this;
        }

        /**
         * Sets whether the {@link #build() engine}'s {@link CommitDoorbell} opens its change stream also on a server
         * that reports no replica set in its {@code isMaster} (hello) reply. Defaults to {@code false}: a standalone MongoDB has
         * no change streams, so the doorbell stays silent there and readers poll. {@code true} is for servers that
         * have change streams without reporting a replica set: the embedded server started with its oplog
         * ({@code EmbeddedMongo.startWithChangeStreams()}).
         */
        public Builder changeStreamsOnStandalone(boolean changeStreamsOnStandalone) {
            this.changeStreamsOnStandalone = changeStreamsOnStandalone;
            return this;
        }

        /**
         * Sets which idempotency key an append carries, stored in its commit document (ADR 74). Defaults to
         * {@link CommitKeys#none()}; Cairn's aggregates module sets it for idempotent commands.
         */
        public Builder commitKeys(CommitKeys commitKeys) {
            assertNonNull(commitKeys, "The CommitKeys may not be null");
            this.commitKeys = commitKeys;
            return this;
        }

        /**
         * Sets whose aggregate each snapshot is (ADR 85): stored snapshots carry the entries the scope takes from the
         * last event they cover (one point read per snapshot stored), and a snapshot the scope finds unusable for the
         * load running is ignored, the aggregate loaded from its events. Applied besides the
         * {@link #snapshotFilter(SnapshotFilter) snapshot filter}. Defaults to none: snapshots stored as built, used
         * whenever the filter allows.
         */
        public Builder snapshotScope(SnapshotScope snapshotScope) {
            assertNonNull(snapshotScope, "The SnapshotScope may not be null");
            this.snapshotScope = snapshotScope;
            return this;
        }

        @Override
        public Builder batchSize(int batchSize) {
            super.batchSize(batchSize);
            return this;
        }

        /**
         * Sets which stored type names may be resolved to classes when payloads and snapshots are read; others read as
         * Axon's {@code UnknownSerializedType}. Defaults to {@link AllowedTypes#cairnDefaults()}; types this engine
         * serializes itself are always allowed.
         */
        public Builder allowedTypes(AllowedTypes allowedTypes) {
            assertNonNull(allowedTypes, "The AllowedTypes may not be null");
            this.allowedTypes = allowedTypes;
            return this;
        }

        /**
         * Sets how the warning about a refused stored type tells to admit it, in the application's own terms (for
         * example the property that adds packages). Defaults to naming the entry point's and this builder's
         * {@code allowedTypes}.
         */
        public Builder allowedTypesHint(String hint) {
            assertThat(hint, h -> h != null && !h.isBlank(), "The allowed types hint may not be blank");
            this.allowedTypesHint = hint;
            return this;
        }

        @Override
        public Builder snapshotSerializer(Serializer snapshotSerializer) {
            assertNonNull(snapshotSerializer, "The snapshot Serializer may not be null");
            this.snapshotSerializer = snapshotSerializer;
            return this;
        }

        @Override
        public Builder eventSerializer(Serializer eventSerializer) {
            assertNonNull(eventSerializer, "The event Serializer may not be null");
            this.eventSerializer = eventSerializer;
            return this;
        }

        @Override
        public Builder upcasterChain(EventUpcaster upcasterChain) {
            super.upcasterChain(upcasterChain);
            return this;
        }

        @Override
        public Builder persistenceExceptionResolver(PersistenceExceptionResolver persistenceExceptionResolver) {
            super.persistenceExceptionResolver(persistenceExceptionResolver);
            return this;
        }

        @Override
        public Builder snapshotFilter(SnapshotFilter snapshotFilter) {
            super.snapshotFilter(snapshotFilter);
            this.snapshotFilterSoFar = snapshotFilter;
            return this;
        }

        /**
         * Adds a rule to the snapshot filter set so far ({@link #snapshotFilter(SnapshotFilter)}; Axon's allow-all
         * by default): a snapshot is used only when both let it through. For extensions, which add their own rule
         * without dropping the application's.
         */
        public Builder andSnapshotFilter(SnapshotFilter additionalFilter) {
            assertNonNull(additionalFilter, "The additional SnapshotFilter may not be null");
            return snapshotFilter(snapshotFilterSoFar.combine(additionalFilter));
        }

        /**
         * @deprecated use {@link #snapshotFilter(SnapshotFilter)}
         */
        @Override
        @Deprecated
        public Builder snapshotFilter(Predicate<? super DomainEventData<?>> snapshotFilter) {
            super.snapshotFilter(snapshotFilter);
            return this;
        }

        @Override
        public Builder finalAggregateBatchPredicate(
                Predicate<List<? extends DomainEventData<?>>> finalAggregateBatchPredicate) {
            super.finalAggregateBatchPredicate(finalAggregateBatchPredicate);
            return this;
        }

        /**
         * Validates the options and builds the engine, creating its indexes.
         *
         * @throws AxonConfigurationException when the database is missing or two collections share a name
         */
        public MongoEventStorageEngine build() {
            return new MongoEventStorageEngine(this);
        }

        @Override
        protected void validate() throws AxonConfigurationException {
            assertNonNull(database, "The MongoDatabase is a hard requirement and should be provided");
            layout();
            super.validate();
        }

        /**
         * @return {@code collections} with the event, snapshot and sequence collections this builder names (ADR 73)
         * @throws AxonConfigurationException when one of these names is another collection's already
         */
        public CairnCollections collections(CairnCollections collections) {
            return layout().addTo(collections);
        }

        private WriteConcern effectiveWriteConcern() {
            Duration timeout = writeTimeout != null ? writeTimeout : ReplicaSetConcerns.writeTimeoutOf(database);
            return writeConcern.withWTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        private StorageLayout layout() {
            return new StorageLayout(eventCollectionName, snapshotCollectionName, sequenceCollectionName);
        }

        /**
         * Hands Axon the serializers through a fresh {@link TypeGuard}, so that every engine built resolves only
         * allowed type names.
         */
        private Builder guarded() {
            typeGuard = new TypeGuard(allowedTypes, allowedTypesHint);
            super.eventSerializer(typeGuard.guard(eventSerializer));
            super.snapshotSerializer(typeGuard.guard(snapshotSerializer));
            return this;
        }
    }
}
