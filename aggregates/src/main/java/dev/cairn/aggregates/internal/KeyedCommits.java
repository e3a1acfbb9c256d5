package dev.cairn.aggregates.internal;

import dev.cairn.eventstore.mongo.CommitKey;
import dev.cairn.eventstore.mongo.CommitKeys;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Follows an idempotent command to the commit of its events (ADR 74), so that the engine stores the command's key and
 * result in that commit document. As an event dispatch interceptor it notes, while the command's handler publishes,
 * which events belong to the key the command's unit of work carries; as the engine's {@link CommitKeys} it hands the
 * key to the append holding those events. Events are followed by identifier because Axon appends a nested unit of
 * work's events in its root's commit, when the current unit of work is no longer the command's. Internal to Cairn.
 */
public final class KeyedCommits implements CommitKeys, MessageDispatchInterceptor<EventMessage<?>> {

    private static final String RESOURCE = KeyedCommits.class.getName();

    private final Map<String, PendingKey> byEvent = new ConcurrentHashMap<>();

    /**
     * A key whose command is executing, with its result once the handler returned.
     */
    static final class PendingKey {
        private final String key;
        private final String claim;
        private volatile String resultType;
        private volatile String resultRevision;
        private volatile String result;
        private volatile boolean stored;

        PendingKey(String key, String claim) {
            this.key = key;
            this.claim = claim;
        }

        void result(String type, String revision, String data) {
            this.resultType = type;
            this.resultRevision = revision;
            this.result = data;
        }

        CommitKey commitKey() {
            return new CommitKey(key, claim, resultType, resultRevision, result);
        }
    }

    /**
     * Marks {@code unitOfWork} as executing {@code pending}'s command; its events are followed until it is cleaned up.
     */
    void register(UnitOfWork<?> unitOfWork, PendingKey pending) {
        unitOfWork.resources().put(RESOURCE, pending);
        unitOfWork.onCleanup(u -> byEvent.values().removeIf(value -> value == pending));
    }

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        if (CurrentUnitOfWork.isStarted()) {
            Object pending = CurrentUnitOfWork.get().getResource(RESOURCE);
            if (pending instanceof PendingKey key) {
                messages.forEach(event -> byEvent.put(event.getIdentifier(), key));
            }
        }
        return (index, event) -> event;
    }

    @Override
    public Optional<CommitKey> keyOf(List<? extends EventMessage<?>> events) {
        PendingKey pending = byEvent.get(events.get(0).getIdentifier());
        if (pending == null || pending.stored) {
            return Optional.empty(); // a second append of one unit of work carries the key once
        }
        pending.stored = true;
        return Optional.of(pending.commitKey());
    }
}
