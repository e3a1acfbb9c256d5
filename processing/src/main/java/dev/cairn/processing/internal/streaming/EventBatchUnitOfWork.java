package dev.cairn.processing.internal.streaming;

import org.axonframework.common.IdentifierFactory;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.GenericResultMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfiguration;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * Axon's batching unit of work for one batch of a segment (ADR 94), minus a result message per event. Axon wraps the
 * result of each event's task in a new {@code GenericResultMessage}: a random UUID from the JVM's shared
 * {@code SecureRandom} and the unit of work's correlation data, a fifth of a worker's time when its handlers write
 * nothing. An event processor never reads those results, and its task answers {@code null}; here such a task answers
 * one shared empty result instead. A task answering anything else, or throwing, is treated exactly as Axon treats it.
 */
final class EventBatchUnitOfWork extends BatchingUnitOfWork<TrackedEventMessage<?>> {

    /** Built once, outside any unit of work, so it carries no event's correlation data. */
    static final ResultMessage<Void> NO_RESULT = new GenericResultMessage<>(
            new GenericMessage<>(IdentifierFactory.getInstance().generateIdentifier(), Void.class, null,
                                 MetaData.emptyInstance()));

    EventBatchUnitOfWork(List<TrackedEventMessage<?>> events) {
        super(events);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> ResultMessage<R> executeWithResult(Callable<R> task, RollbackConfiguration rollbackConfiguration) {
        return super.executeWithResult(() -> {
            R result = task.call();
            return result != null ? result : (R) NO_RESULT;
        }, rollbackConfiguration);
    }
}
