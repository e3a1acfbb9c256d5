package dev.cairn.projections.internal.deadletter;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.NoSuchDeadLetterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Processes one claimed sequence at a time: the first letter of a claimable sequence that the filter accepts, then
 * its following letters in index order, until a letter is requeued or the sequence is empty.
 *
 * @param <M> the type of event in the queue
 */
public final class SequenceProcessor<M extends EventMessage<?>> {

    private static final Logger logger = LoggerFactory.getLogger(SequenceProcessor.class);

    private final LetterStore store;
    private final SequenceClaims claims;
    private final String processingGroup;

    public SequenceProcessor(LetterStore store, SequenceClaims claims, String processingGroup) {
        this.store = store;
        this.claims = claims;
        this.processingGroup = processingGroup;
    }

    /**
     * @return {@code true} when a sequence was claimed and all its letters evicted; {@code false} when no sequence
     * could be claimed or a letter was requeued
     */
    public boolean process(Predicate<DeadLetter<? extends M>> sequenceFilter,
                           Function<DeadLetter<? extends M>, EnqueueDecision<M>> processingTask) {
        Optional<MongoDeadLetter<M>> first = claims.firstAccepted(
                letterId -> store.<M>find(letterId).filter(sequenceFilter).filter(l -> claims.claim(letterId)));
        if (first.isEmpty()) {
            logger.debug("No claimable dead-letter sequence matched in processing group [{}]", processingGroup);
            return false;
        }
        MongoDeadLetter<M> current = first.get();
        while (current != null) {
            logger.debug("Processing dead letter [{}] at index [{}] of sequence [{}] in processing group [{}]",
                         current.letterId(), current.sequenceIndex(), current.sequenceIdentifier(), processingGroup);
            EnqueueDecision<M> decision = decide(current, processingTask);
            if (decision.shouldEnqueue()) {
                requeue(current, decision);
                return false;
            }
            MongoDeadLetter<M> next = claimNext(current);
            store.delete(current.letterId());
            current = next;
        }
        return true;
    }

    private EnqueueDecision<M> decide(MongoDeadLetter<M> letter,
                                      Function<DeadLetter<? extends M>, EnqueueDecision<M>> processingTask) {
        try {
            return processingTask.apply(letter);
        } catch (RuntimeException | Error e) {
            // let another attempt process the sequence now instead of after the claim duration
            claims.release(letter.letterId());
            throw e;
        }
    }

    private void requeue(MongoDeadLetter<M> letter, EnqueueDecision<M> decision) {
        DeadLetter<? extends M> updated = decision.withDiagnostics(letter)
                                                  .withCause(decision.enqueueCause().orElse(null))
                                                  .markTouched();
        if (!store.requeue(letter.letterId(), updated)) {
            throw new NoSuchDeadLetterException(
                    "Cannot requeue dead letter [" + letter.letterId() + "] of event ["
                            + letter.message().getIdentifier() + "]: it left the queue of processing group ["
                            + processingGroup + "] while it was processed");
        }
    }

    /**
     * Claims the letter after {@code current} before {@code current} is evicted, so the sequence stays claimed.
     *
     * @return the next letter, or {@code null} when there is none or another node claimed it
     */
    private MongoDeadLetter<M> claimNext(MongoDeadLetter<M> current) {
        Optional<MongoDeadLetter<M>> next = store.next(current.sequenceIdentifier(), current.sequenceIndex());
        if (next.isPresent() && !claims.claim(next.get().letterId())) {
            logger.info("Stopped processing sequence [{}] of processing group [{}]: its next letter [{}] is claimed "
                                + "by another node", current.sequenceIdentifier(), processingGroup,
                        next.get().letterId());
            return null;
        }
        return next.orElse(null);
    }
}
