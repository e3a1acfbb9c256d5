package dev.cairn.aggregates.internal;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;

import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class TenantScopedCacheTest {

    private final LruAggregateCache entries = new LruAggregateCache(10);
    private final TenantScopedCache cache = new TenantScopedCache(entries);

    @Test
    void anAggregateCachedForOneTenantIsAMissForAnotherAndEvictedByItsOwn() {
        // Given an aggregate cached while a command of tenant north was handled
        during("north", () -> {
            cache.put("account-1", "north's account");
            return null;
        });

        // When commands of north and of south look it up
        Object forNorth = during("north", () -> cache.get("account-1"));
        Object forSouth = during("south", () -> cache.get("account-1"));

        // Then only north finds it, and north's removal (as on a rollback) evicts it
        assertThat(forNorth).isEqualTo("north's account");
        assertThat(forSouth).isNull();
        assertThat(during("north", () -> cache.remove("account-1"))).isEqualTo(true);
        assertThat(entries.size()).isZero();
    }

    @Test
    void withoutATenantTheKeysAreTheAggregateIdentifiers() {
        // Given an aggregate cached while a command without a tenant was handled
        during(null, () -> {
            cache.put("order-1", "order");
            return null;
        });

        // When it is looked up in the cache underneath, and through the scoped cache outside a unit of work
        // Then both find it under its identifier
        assertThat((Object) entries.get("order-1")).isEqualTo("order");
        assertThat((Object) cache.get("order-1")).isEqualTo("order");
    }

    private static <T> T during(String tenant, Supplier<T> work) {
        MetaData metaData = tenant == null ? MetaData.emptyInstance() : MetaData.with(TenantScopedCache.TENANT_KEY,
                                                                                      tenant);
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(new GenericCommandMessage<>("command", metaData));
        try {
            return work.get();
        } finally {
            unitOfWork.commit();
        }
    }
}
