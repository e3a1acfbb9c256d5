package dev.cairn.projections.internal.deadletter;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.ThrowableCause;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A dead letter as stored in MongoDB: Axon's letter values plus where it is stored. Touching a letter takes the time
 * from {@link GenericDeadLetter#clock}, like every Axon letter.
 *
 * @param letterId           the {@code _id} of the letter's document
 * @param sequenceIdentifier the sequence identifier as stored
 * @param sequenceIndex      the position of the letter within its sequence; later letters have higher indexes
 * @param message            the dead-lettered event
 * @param cause              why the event was dead-lettered, if it failed itself (follow-up letters have none)
 * @param enqueuedAt         when the letter was enqueued
 * @param lastTouched        when the letter was enqueued or last requeued
 * @param diagnostics        diagnostic information the enqueue policy attached
 * @param <M>                the type of event
 */
public record MongoDeadLetter<M extends EventMessage<?>>(String letterId,
                                                         String sequenceIdentifier,
                                                         long sequenceIndex,
                                                         M message,
                                                         Optional<Cause> cause,
                                                         Instant enqueuedAt,
                                                         Instant lastTouched,
                                                         MetaData diagnostics) implements DeadLetter<M> {

    public MongoDeadLetter {
        Objects.requireNonNull(letterId, "letterId");
        Objects.requireNonNull(sequenceIdentifier, "sequenceIdentifier");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(cause, "cause (Optional.empty() when there is none)");
        Objects.requireNonNull(enqueuedAt, "enqueuedAt");
        Objects.requireNonNull(lastTouched, "lastTouched");
        diagnostics = diagnostics == null ? MetaData.emptyInstance() : diagnostics;
    }

    @Override
    public DeadLetter<M> markTouched() {
        return new MongoDeadLetter<>(letterId, sequenceIdentifier, sequenceIndex, message, cause, enqueuedAt,
                                     GenericDeadLetter.clock.instant(), diagnostics);
    }

    /**
     * @param requeueCause the new cause; {@code null} keeps the current one (as Axon's letters do)
     */
    @Override
    public DeadLetter<M> withCause(Throwable requeueCause) {
        Optional<Cause> newCause = requeueCause == null ? cause : Optional.of(ThrowableCause.asCause(requeueCause));
        return new MongoDeadLetter<>(letterId, sequenceIdentifier, sequenceIndex, message, newCause, enqueuedAt,
                                     GenericDeadLetter.clock.instant(), diagnostics);
    }

    @Override
    public DeadLetter<M> withDiagnostics(MetaData diagnostics) {
        return new MongoDeadLetter<>(letterId, sequenceIdentifier, sequenceIndex, message, cause, enqueuedAt,
                                     GenericDeadLetter.clock.instant(), diagnostics);
    }
}
