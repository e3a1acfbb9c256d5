package dev.cairn.projections.internal.deadletter;

import com.mongodb.client.MongoCollection;
import dev.cairn.eventstore.mongo.support.ReplicaSetConcerns;
import dev.cairn.eventstore.mongo.support.StoredJson;
import dev.cairn.projections.internal.readmodel.TokenBarrier;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.DeadLetterQueueOverflowException;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.NoSuchDeadLetterException;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.WrongDeadLetterTypeException;
import org.bson.BsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The dead-letter queue of one processing group, built from {@link QueueSettings}: the size limits, and each
 * operation handed to {@link LetterStore} or, for processing, {@link SequenceProcessor}. The public
 * {@code MongoSequencedDeadLetterQueue} is this queue behind Axon's builder; a projection's wiring builds it directly.
 *
 * @param <M> the type of event in the queue
 */
public final class LetterQueue<M extends EventMessage<?>> implements SequencedDeadLetterQueue<M> {

    // the public queue's category, which operators configure
    private static final Logger logger = LoggerFactory.getLogger("dev.cairn.projections.MongoSequencedDeadLetterQueue");
    private static final String PARKED = LetterQueue.class.getName() + ".parked";

    private final String processingGroup;
    private final int maxSequences;
    private final int maxSequenceSize;
    private final LetterStore store;
    private final SequenceProcessor<M> processor;

    /**
     * Creates the queue and ensures the indexes of its collection (with index creation off, checks them).
     */
    public LetterQueue(QueueSettings settings) {
        this.processingGroup = settings.processingGroup();
        this.maxSequences = settings.maxSequences();
        this.maxSequenceSize = settings.maxSequenceSize();
        // claims decide which node processes a sequence: read and written like tokens (ADR 75)
        MongoCollection<BsonDocument> collection = ReplicaSetConcerns.decisive(
                settings.database().getCollection(settings.collectionName(), BsonDocument.class));
        this.store = new LetterStore(collection, processingGroup, settings.serializer(),
                                     StoredJson.writing(settings.storedJsonFormat()), settings.indexCreation());
        SequenceClaims claims = new SequenceClaims(collection, processingGroup, settings.clock(),
                                                   settings.claimDuration(), settings.leaseClock());
        this.processor = new SequenceProcessor<>(store, claims, processingGroup);
    }

    @Override
    public void enqueue(Object sequenceIdentifier, DeadLetter<? extends M> letter)
            throws DeadLetterQueueOverflowException {
        String sequence = sequenceIdentifier.toString();
        if (isFull(sequence)) {
            throw new DeadLetterQueueOverflowException(
                    "No room left to enqueue event [" + letter.message().getIdentifier() + "] in sequence ["
                            + sequence + "] of processing group [" + processingGroup + "]: the queue holds at most "
                            + maxSequences + " sequences of at most " + maxSequenceSize + " letters");
        }
        long index = store.append(sequence, letter);
        // a batch that parked an event stores its token at once: a deferred one would, after a crash, park the
        // redelivered event a second time (ADR 90)
        TokenBarrier.register(PARKED, (token, segment) -> {
        });
        logger.debug("Dead-lettered event [{}] at index [{}] of sequence [{}] in processing group [{}]",
                     letter.message().getIdentifier(), index, sequence, processingGroup);
    }

    @Override
    public void evict(DeadLetter<? extends M> letter) {
        MongoDeadLetter<?> stored = stored(letter, "evict");
        if (!store.delete(stored.letterId())) {
            logger.debug("Dead letter [{}] of processing group [{}] was already evicted",
                         stored.letterId(), processingGroup);
        }
    }

    @Override
    public void requeue(DeadLetter<? extends M> letter, UnaryOperator<DeadLetter<? extends M>> letterUpdater)
            throws NoSuchDeadLetterException {
        MongoDeadLetter<?> stored = stored(letter, "requeue");
        DeadLetter<? extends M> updated = letterUpdater.apply(letter).markTouched();
        if (!store.requeue(stored.letterId(), updated)) {
            throw new NoSuchDeadLetterException(
                    "Cannot requeue dead letter [" + stored.letterId() + "] of event ["
                            + letter.message().getIdentifier() + "]: it is not in the queue of processing group ["
                            + processingGroup + "]");
        }
    }

    @Override
    public boolean contains(Object sequenceIdentifier) {
        return store.contains(sequenceIdentifier.toString());
    }

    @Override
    public Iterable<DeadLetter<? extends M>> deadLetterSequence(Object sequenceIdentifier) {
        return store.sequence(sequenceIdentifier.toString());
    }

    @Override
    public Iterable<Iterable<DeadLetter<? extends M>>> deadLetters() {
        return store.sequenceIdentifiers().stream().map(this::deadLetterSequence).toList();
    }

    @Override
    public boolean isFull(Object sequenceIdentifier) {
        long letters = sequenceSize(sequenceIdentifier);
        return letters > 0 ? letters >= maxSequenceSize : amountOfSequences() >= maxSequences;
    }

    @Override
    public long size() {
        return store.size();
    }

    @Override
    public long sequenceSize(Object sequenceIdentifier) {
        return store.sequenceSize(sequenceIdentifier.toString());
    }

    @Override
    public long amountOfSequences() {
        return store.amountOfSequences();
    }

    @Override
    public boolean process(Predicate<DeadLetter<? extends M>> sequenceFilter,
                           Function<DeadLetter<? extends M>, EnqueueDecision<M>> processingTask) {
        return processor.process(sequenceFilter, processingTask);
    }

    @Override
    public void clear() {
        long deleted = store.clear();
        logger.info("Cleared {} dead letters of processing group [{}]", deleted, processingGroup);
    }

    private static MongoDeadLetter<?> stored(DeadLetter<?> letter, String operation) {
        if (letter instanceof MongoDeadLetter<?> stored) {
            return stored;
        }
        throw new WrongDeadLetterTypeException(
                "Invoke " + operation + " with a letter read from this queue, not with a ["
                        + letter.getClass().getName() + "]");
    }
}
