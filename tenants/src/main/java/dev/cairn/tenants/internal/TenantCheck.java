package dev.cairn.tenants.internal;

import dev.cairn.aggregates.Cairn;
import dev.cairn.tenants.TenantMismatchException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Refuses a command of one shared tenant that sources an aggregate whose stored events carry another tenant
 * ({@link TenantMismatchException}, ADR 85 decision 4): wraps every handler of the shared store's application and
 * compares, for each domain event handled while a command is handled, the event's tenant with the command's (a command
 * naming no tenant is refused on any tenant's aggregate). Events
 * being applied are not stamped yet and pass; snapshots carry no tenant and pass (the events after them are checked).
 * No stored field and no index: the check costs a metadata lookup per sourced event.
 */
final class TenantCheck implements HandlerEnhancerDefinition {

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(Message<?> message, T target) throws Exception {
                if (message instanceof DomainEventMessage<?> event && CurrentUnitOfWork.isStarted()
                        && CurrentUnitOfWork.get().getMessage() instanceof CommandMessage<?> command) {
                    Object stored = event.getMetaData().get(Cairn.TENANT_KEY);
                    Object commanding = command.getMetaData().get(Cairn.TENANT_KEY);
                    if (stored != null && commanding == null) {
                        // a command that names no tenant may not act on a tenant's aggregate either
                        throw TenantMismatchException.withoutTenant(stored.toString(), event.getType(),
                                                                    event.getAggregateIdentifier());
                    }
                    if (stored != null && !stored.equals(commanding)) {
                        throw new TenantMismatchException(commanding.toString(), stored.toString(), event.getType(),
                                                          event.getAggregateIdentifier());
                    }
                }
                return super.handle(message, target);
            }
        };
    }
}
