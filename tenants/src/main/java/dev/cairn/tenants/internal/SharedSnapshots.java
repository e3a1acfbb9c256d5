package dev.cairn.tenants.internal;

import dev.cairn.aggregates.Cairn;
import dev.cairn.eventstore.mongo.SnapshotScope;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Objects;

/**
 * The shared store's snapshots carry their aggregate's tenant ({@value Cairn#TENANT_KEY} of the last event they cover),
 * and a command uses a snapshot only of its own tenant (ADR 85, decision 4). Any other snapshot is ignored and the
 * aggregate loaded from its events, which {@link TenantCheck} compares with the command's tenant: a snapshot of another
 * tenant ends in {@code TenantMismatchException} naming both, never in a command acting on it. A snapshot without a
 * tenant was written by a node of an earlier release (or covers events without one): never used by a command here.
 * A command naming no tenant uses no snapshot. Outside a command (a snapshotter building the next snapshot) a snapshot
 * with a tenant is used.
 */
final class SharedSnapshots implements SnapshotScope {

    private static final Logger logger = LoggerFactory.getLogger(SharedSnapshots.class);

    @Override
    public Map<String, ?> carried(DomainEventMessage<?> lastCovered) {
        Object tenant = lastCovered.getMetaData().get(Cairn.TENANT_KEY);
        return tenant == null ? Map.of() : Map.of(Cairn.TENANT_KEY, tenant);
    }

    @Override
    public boolean usable(DomainEventMessage<?> snapshot) {
        Object stored = snapshot.getMetaData().get(Cairn.TENANT_KEY);
        if (stored == null) {
            logger.debug("Ignoring the snapshot of aggregate [{}]: it names no tenant (an earlier release wrote it)",
                         snapshot.getAggregateIdentifier());
            return false;
        }
        Message<?> loading = CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get().getMessage() : null;
        Object loadingTenant = loading == null ? null : loading.getMetaData().get(Cairn.TENANT_KEY);
        if (loading instanceof CommandMessage<?> && loadingTenant == null) {
            // sourced from its events instead, which TenantCheck refuses to a command naming no tenant
            logger.debug("Ignoring the snapshot of aggregate [{}] of tenant [{}] for a command naming no tenant",
                         snapshot.getAggregateIdentifier(), stored);
            return false;
        }
        if (loadingTenant != null && !Objects.equals(stored.toString(), loadingTenant.toString())) {
            logger.debug("Ignoring the snapshot of aggregate [{}] of tenant [{}] for a command of tenant [{}]",
                         snapshot.getAggregateIdentifier(), stored, loadingTenant);
            return false;
        }
        return true;
    }
}
