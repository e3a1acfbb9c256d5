package dev.cairn.sagas.internal;

import dev.cairn.sagas.SagaConcurrencyException;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stored version of each saga instance a store loaded or inserted, by saga id, holding the instance weakly: an
 * update must come with the very instance that was loaded, so a stale instance never passes for a fresh one. Entries
 * go when the saga ends, conflicts, or its instance is collected.
 */
public final class SagaVersions {

    private record Loaded(WeakReference<Object> instance, long version) {
    }

    private final Map<String, Loaded> bySagaId = new ConcurrentHashMap<>();

    public void loaded(String sagaId, Object instance, long version) {
        bySagaId.put(sagaId, new Loaded(new WeakReference<>(instance), version));
        if (bySagaId.size() > 10_000) {
            bySagaId.values().removeIf(loaded -> loaded.instance().get() == null);
        }
    }

    /**
     * @return the version {@code instance} was loaded at
     * @throws SagaConcurrencyException when this store did not load this instance (or loaded a newer one since)
     */
    public long expected(String sagaId, Object instance, Class<?> sagaType) {
        Loaded loaded = bySagaId.get(sagaId);
        if (loaded == null || loaded.instance().get() != instance) {
            throw new SagaConcurrencyException("Saga [" + sagaId + "] of type [" + sagaType.getName()
                                                       + "] was not loaded by this store, or was loaded again since; "
                                                       + "its version is unknown, so it is not overwritten");
        }
        return loaded.version();
    }

    /** @return the version last loaded for the saga, {@code null} when unknown */
    public Long expectedIfKnown(String sagaId) {
        Loaded loaded = bySagaId.get(sagaId);
        return loaded == null ? null : loaded.version();
    }

    public void forget(String sagaId) {
        bySagaId.remove(sagaId);
    }
}
