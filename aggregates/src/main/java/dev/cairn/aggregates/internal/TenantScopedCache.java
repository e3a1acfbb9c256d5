package dev.cairn.aggregates.internal;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.util.function.UnaryOperator;

/**
 * An aggregate cache whose entries belong to the tenant of the message being handled (metadata {@code tenantId}, ADR
 * 85): an aggregate cached while a command of one tenant ran is invisible to a command of another, which loads it from
 * the event store, where the shared store's tenant check refuses it. Without a tenant (an application of one tenant or
 * none) keys are the aggregate identifiers, as in the cache it wraps. Axon's repository calls the cache inside the
 * command's unit of work (load, save, and removal on rollback), so each call finds the tenant there.
 */
public final class TenantScopedCache implements Cache {

    /** The metadata key naming the tenant: the one spelling, published as {@code Cairn.TENANT_KEY}. */
    public static final String TENANT_KEY = "tenantId";

    private final Cache delegate;

    public TenantScopedCache(Cache delegate) {
        this.delegate = delegate;
    }

    @Override
    public <K, V> V get(K key) {
        return delegate.get(scoped(key));
    }

    @Override
    public void put(Object key, Object value) {
        delegate.put(scoped(key), value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return delegate.putIfAbsent(scoped(key), value);
    }

    @Override
    public boolean remove(Object key) {
        return delegate.remove(scoped(key));
    }

    @Override
    public void removeAll() {
        delegate.removeAll();
    }

    @Override
    public boolean containsKey(Object key) {
        return delegate.containsKey(scoped(key));
    }

    @Override
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        delegate.computeIfPresent(scoped(key), update);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
        return delegate.registerCacheEntryListener(cacheEntryListener);
    }

    private static Object scoped(Object key) {
        if (!CurrentUnitOfWork.isStarted()) {
            return key;
        }
        Message<?> message = CurrentUnitOfWork.get().getMessage();
        Object tenant = message == null ? null : message.getMetaData().get(TENANT_KEY);
        return tenant == null ? key : new TenantKey(tenant.toString(), key);
    }

    /** An aggregate identifier of one tenant. */
    record TenantKey(String tenant, Object key) {
    }
}
