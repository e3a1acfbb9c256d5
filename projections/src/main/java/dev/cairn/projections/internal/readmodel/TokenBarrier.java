package dev.cairn.projections.internal.readmodel;

import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Actions a handler registers in its unit of work to run just before the processor stores the batch's token, with that
 * token and the segment: an external write that must be durable before the token says it happened (a relay's Kafka
 * commit). When the unit of work commits without storing a token (dead-letter processing), they run at its prepare
 * commit with a {@code null} token and segment {@code -1}. Each runs once; a failure fails the unit of work.
 */
public final class TokenBarrier {

    private static final String RESOURCE = TokenBarrier.class.getName();

    private final Map<String, BiConsumer<TrackingToken, Integer>> actions = new LinkedHashMap<>();

    private TokenBarrier() {
    }

    /** Registers {@code action} under {@code key} in the current unit of work, once per key and unit of work. */
    public static void register(String key, BiConsumer<TrackingToken, Integer> action) {
        if (!CurrentUnitOfWork.isStarted()) {
            action.accept(null, -1);
            return;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        TokenBarrier barrier = unitOfWork.getOrComputeResource(RESOURCE, k -> {
            TokenBarrier created = new TokenBarrier();
            // runs after the processor's token write, which runs the barrier first; a no-op then
            unitOfWork.onPrepareCommit(u -> created.run(null, -1));
            return created;
        });
        barrier.actions.putIfAbsent(key, action);
    }

    /**
     * Runs the current unit of work's actions, if any, with the token about to be stored.
     *
     * @return whether any action ran: the token must then be stored at once (ADR 90)
     */
    public static boolean runCurrent(TrackingToken token, int segment) {
        if (CurrentUnitOfWork.isStarted()) {
            TokenBarrier barrier = CurrentUnitOfWork.get().root().getResource(RESOURCE);
            if (barrier != null) {
                return barrier.run(token, segment);
            }
        }
        return false;
    }

    private synchronized boolean run(TrackingToken token, int segment) {
        var pending = new java.util.ArrayList<>(actions.values());
        actions.clear();
        pending.forEach(action -> action.accept(token, segment));
        return !pending.isEmpty();
    }
}
