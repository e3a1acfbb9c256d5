package dev.cairn.projections;

import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.CairnSerializers;
import dev.cairn.eventstore.mongo.support.StoredJsonFormat;
import dev.cairn.processing.Lease;
import dev.cairn.processing.LeaseClock;
import dev.cairn.projections.internal.deadletter.LetterQueue;
import dev.cairn.projections.internal.deadletter.QueueSettings;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.DeadLetterQueueOverflowException;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.NoSuchDeadLetterException;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import static org.axonframework.common.BuilderUtils.assertNonEmpty;
import static org.axonframework.common.BuilderUtils.assertNonNull;
import static org.axonframework.common.BuilderUtils.assertStrictPositive;
import static org.axonframework.common.BuilderUtils.assertThat;

/**
 * Axon's {@link SequencedDeadLetterQueue} for one processing group, in MongoDB, without multi-document transactions.
 * <p>
 * Every letter is one readable document: processing group, sequence identifier, index within the sequence, the event
 * (message type, identifier, timestamp, payload type and revision, payload and meta data as sub-documents when the
 * serializer writes JSON, aggregate and tracking token where the event has them), cause type and message,
 * {@code enqueuedAt}, {@code lastTouched}, diagnostics and a processing claim. For example, in mongosh:
 * {@code db.cairn_dead_letters.find({processingGroup: "orders", "event.payload.orderId": "o-1"})}.
 * <p>
 * {@link #process} claims a sequence through its first letter with a conditional update, so two nodes never process
 * the same sequence at once; a claim older than the claim duration is considered abandoned and may be taken over. The
 * claim is a {@link Lease} judged on the database's clock (ADR 71), so nodes whose clocks differ neither take a live
 * claim nor keep an expired one.
 * Letters of a sequence are processed in index order; sequences least recently touched first.
 * <p>
 * Sequence identifiers are stored as their {@code toString()}. The size limits are checked before each insert, not
 * atomically with it, so nodes enqueueing at the same moment may exceed them by one letter or sequence each.
 * <p>
 * Defaults: collection {@code cairn_dead_letters}, 1024 sequences of at most 1024 letters, a claim duration of 30
 * seconds judged on the database's clock ({@link LeaseClock#database()}), {@link CairnSerializers#defaultSerializer()}
 * for payloads, meta data, diagnostics and tokens, the UTC system clock for {@code claim.at} (the times of letters come
 * from Axon's {@code GenericDeadLetter.clock}), index creation on, {@link StoredJsonFormat#configured()} as the stored
 * JSON format.
 * Registration:
 * <pre>{@code
 * configurer.eventProcessing().registerDeadLetterQueue("orders", config ->
 *         MongoSequencedDeadLetterQueue.builder().processingGroup("orders").database(database).build());
 * }</pre>
 *
 * @param <M> the type of event in the queue
 */
public class MongoSequencedDeadLetterQueue<M extends EventMessage<?>> implements SequencedDeadLetterQueue<M> {

    private final LetterQueue<M> queue;

    /**
     * Creates the queue from a validated builder and ensures the indexes of its collection.
     */
    protected MongoSequencedDeadLetterQueue(Builder<M> builder) {
        builder.validate();
        this.queue = new LetterQueue<>(new QueueSettings(
                builder.processingGroup, builder.database, builder.collectionName, builder.maxSequences,
                builder.maxSequenceSize, builder.claimDuration, builder.serializer, builder.clock, builder.leaseClock,
                builder.indexCreation, builder.storedJsonFormat));
    }

    /**
     * @return a builder; {@link Builder#processingGroup(String)} and {@link Builder#database(MongoDatabase)} are
     * required
     */
    public static <M extends EventMessage<?>> Builder<M> builder() {
        return new Builder<>();
    }

    @Override
    public void enqueue(Object sequenceIdentifier, DeadLetter<? extends M> letter)
            throws DeadLetterQueueOverflowException {
        queue.enqueue(sequenceIdentifier, letter);
    }

    @Override
    public void evict(DeadLetter<? extends M> letter) {
        queue.evict(letter);
    }

    @Override
    public void requeue(DeadLetter<? extends M> letter, UnaryOperator<DeadLetter<? extends M>> letterUpdater)
            throws NoSuchDeadLetterException {
        queue.requeue(letter, letterUpdater);
    }

    @Override
    public boolean contains(Object sequenceIdentifier) {
        return queue.contains(sequenceIdentifier);
    }

    @Override
    public Iterable<DeadLetter<? extends M>> deadLetterSequence(Object sequenceIdentifier) {
        return queue.deadLetterSequence(sequenceIdentifier);
    }

    @Override
    public Iterable<Iterable<DeadLetter<? extends M>>> deadLetters() {
        return queue.deadLetters();
    }

    @Override
    public boolean isFull(Object sequenceIdentifier) {
        return queue.isFull(sequenceIdentifier);
    }

    @Override
    public long size() {
        return queue.size();
    }

    @Override
    public long sequenceSize(Object sequenceIdentifier) {
        return queue.sequenceSize(sequenceIdentifier);
    }

    @Override
    public long amountOfSequences() {
        return queue.amountOfSequences();
    }

    @Override
    public boolean process(Predicate<DeadLetter<? extends M>> sequenceFilter,
                           Function<DeadLetter<? extends M>, EnqueueDecision<M>> processingTask) {
        return queue.process(sequenceFilter, processingTask);
    }

    @Override
    public void clear() {
        queue.clear();
    }

    /**
     * Builds a {@link MongoSequencedDeadLetterQueue}. The processing group and the database are required; the other
     * options have the defaults listed on {@link MongoSequencedDeadLetterQueue}. Setters reject invalid values at once.
     *
     * @param <M> the type of event in the queue
     */
    public static class Builder<M extends EventMessage<?>> {

        private String processingGroup;
        private MongoDatabase database;
        private String collectionName = QueueSettings.DEFAULT_COLLECTION;
        private int maxSequences = QueueSettings.DEFAULT_MAX_SEQUENCES;
        private int maxSequenceSize = QueueSettings.DEFAULT_MAX_SEQUENCE_SIZE;
        private Duration claimDuration = QueueSettings.DEFAULT_CLAIM_DURATION;
        private Serializer serializer = CairnSerializers.defaultSerializer();
        private Clock clock = Clock.systemUTC();
        private LeaseClock leaseClock = LeaseClock.database();
        private boolean indexCreation = true;
        private StoredJsonFormat storedJsonFormat = StoredJsonFormat.configured();

        /**
         * Sets the processing group whose letters this queue holds. Required.
         */
        public Builder<M> processingGroup(String processingGroup) {
            assertNonEmpty(processingGroup, "The processing group may not be null or empty");
            this.processingGroup = processingGroup;
            return this;
        }

        /**
         * Sets the database holding the dead-letter collection. Required.
         */
        public Builder<M> database(MongoDatabase database) {
            assertNonNull(database, "The MongoDatabase may not be null");
            this.database = database;
            return this;
        }

        /**
         * Sets the collection of letters, which queues of several processing groups may share. Defaults to
         * {@code cairn_dead_letters}.
         */
        public Builder<M> collectionName(String collectionName) {
            assertNonEmpty(collectionName, "The collection name may not be null or empty");
            this.collectionName = collectionName;
            return this;
        }

        /**
         * Sets how many sequences the queue holds at most. Defaults to 1024.
         */
        public Builder<M> maxSequences(int maxSequences) {
            assertStrictPositive(maxSequences, "The maximum number of sequences must be positive");
            this.maxSequences = maxSequences;
            return this;
        }

        /**
         * Sets how many letters one sequence holds at most. Defaults to 1024.
         */
        public Builder<M> maxSequenceSize(int maxSequenceSize) {
            assertStrictPositive(maxSequenceSize, "The maximum number of letters in a sequence must be positive");
            this.maxSequenceSize = maxSequenceSize;
            return this;
        }

        /**
         * Sets how long a processing claim on a sequence holds before another node may take the sequence over; it
         * should exceed the time one letter takes to process. Defaults to 30 seconds.
         */
        public Builder<M> claimDuration(Duration claimDuration) {
            assertNonNull(claimDuration, "The claim duration may not be null");
            assertThat(claimDuration, d -> !d.isNegative() && !d.isZero(), "The claim duration must be positive");
            this.claimDuration = claimDuration;
            return this;
        }

        /**
         * Sets the serializer of payloads, meta data, diagnostics and tracking tokens. Defaults to
         * {@link CairnSerializers#defaultSerializer()}; a JSON serializer makes them readable sub-documents.
         */
        public Builder<M> serializer(Serializer serializer) {
            assertNonNull(serializer, "The Serializer may not be null");
            this.serializer = serializer;
            return this;
        }

        /**
         * Sets this node's clock, for the {@code claim.at} a claim writes: nodes of the release before ADR 71 judge
         * claims by it. It does not decide when a claim expires: see {@link #leaseClock(LeaseClock)}. Defaults to the
         * UTC system clock.
         */
        public Builder<M> clock(Clock clock) {
            assertNonNull(clock, "The Clock may not be null");
            this.clock = clock;
            return this;
        }

        /**
         * Sets whose clock processing claims are taken and judged on. Defaults to {@link LeaseClock#database()}, the
         * database server's clock; {@link LeaseClock#of(Clock)} is the seam through which a test drives time.
         */
        public Builder<M> leaseClock(LeaseClock leaseClock) {
            assertNonNull(leaseClock, "The LeaseClock may not be null");
            this.leaseClock = leaseClock;
            return this;
        }

        /**
         * Sets whether building the queue creates the index of its collection. Defaults to {@code true}. With
         * {@code false} (a user without the {@code createIndex} privilege) the build only checks it and fails with a
         * {@link dev.cairn.eventstore.mongo.support.MissingIndexException} naming it when it is missing.
         */
        public Builder<M> indexCreation(boolean indexCreation) {
            this.indexCreation = indexCreation;
            return this;
        }

        /**
         * Sets the format in which payloads, meta data, diagnostics and tokens are written (ADR 72). Defaults to
         * {@link StoredJsonFormat#configured()}: format 1 unless system property {@value StoredJsonFormat#PROPERTY}
         * says {@code 2}. Write format 2 (decimals as decimal128, {@code format: 2} on the letter) only once every node
         * that reads the collection runs a release that reads it; letters of both formats are always read.
         */
        public Builder<M> storedJsonFormat(StoredJsonFormat storedJsonFormat) {
            assertNonNull(storedJsonFormat, "The stored JSON format may not be null");
            this.storedJsonFormat = storedJsonFormat;
            return this;
        }

        /**
         * Validates the options and builds the queue, creating (or, with index creation off, checking) the indexes
         * of its collection.
         *
         * @throws AxonConfigurationException when the processing group or the database is missing
         */
        public MongoSequencedDeadLetterQueue<M> build() {
            return new MongoSequencedDeadLetterQueue<>(this);
        }

        /**
         * @throws AxonConfigurationException when the processing group or the database is missing
         */
        protected void validate() throws AxonConfigurationException {
            assertNonNull(processingGroup, "The processing group is a hard requirement and should be provided");
            assertNonNull(database, "The MongoDatabase is a hard requirement and should be provided");
        }
    }
}
