package dev.cairn.sagas.internal;

import org.axonframework.common.IdentifierFactory;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.GenericDeadlineMessage;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Deadline identifiers that a redelivered message reproduces (ADR 50). A deadline scheduled while a message is handled
 * is named by that message, the scope and the deadline's position among those the scope scheduled for it, so handling
 * the same event again (a node died before its token was stored) schedules the same deadline instead of a second one,
 * and the deadline message carries the same identifier, from which saga commands derive their keys.
 */
public final class DeadlineIds {

    private static final String ORDINALS = DeadlineIds.class.getName() + ".ordinal:";

    private DeadlineIds() {
    }

    /** @return the identifier of the next deadline {@code scope} schedules in the current unit of work, or a new one */
    public static String next(String deadlineName, ScopeDescriptor scope) {
        if (!CurrentUnitOfWork.isStarted()) {
            return IdentifierFactory.getInstance().generateIdentifier();
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        Message<?> handled = unitOfWork.getMessage();
        // keyed by message and scope: a batch's unit of work handles several messages, each for several sagas
        String seed = handled.getIdentifier() + '\n' + scope.scopeDescription() + '\n' + deadlineName;
        AtomicInteger ordinal = unitOfWork.getOrComputeResource(ORDINALS + seed, key -> new AtomicInteger());
        String named = seed + '\n' + ordinal.getAndIncrement();
        return UUID.nameUUIDFromBytes(named.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** @return {@code message} carrying {@code deadlineId} as its identifier */
    public static <T> DeadlineMessage<T> identified(DeadlineMessage<T> message, String deadlineId) {
        GenericMessage<T> delegate = new GenericMessage<>(deadlineId, message.getPayloadType(), message.getPayload(),
                                                          message.getMetaData());
        return new GenericDeadlineMessage<>(message.getDeadlineName(), delegate, message::getTimestamp);
    }
}
