package dev.cairn.tenants.internal;

import dev.cairn.aggregates.Cairn;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Stamps the commands and events dispatched in the shared store's application with the tenant of the message being
 * handled ({@value Cairn#TENANT_KEY}): the events a shared tenant's command applies, the commands its sagas send. Unlike
 * {@link TenantStamp}, the shared application serves many tenants, so the tenant comes from the unit of work; a message
 * dispatched outside one keeps what it carries.
 */
final class SharedStamp<T extends Message<?>> implements MessageDispatchInterceptor<T> {

    @Override
    @SuppressWarnings("unchecked")
    public BiFunction<Integer, T, T> handle(List<? extends T> messages) {
        return (index, message) -> {
            if (message.getMetaData().containsKey(Cairn.TENANT_KEY) || !CurrentUnitOfWork.isStarted()) {
                return message;
            }
            Object tenant = CurrentUnitOfWork.get().getMessage().getMetaData().get(Cairn.TENANT_KEY);
            return tenant == null ? message : (T) message.andMetaData(Map.of(Cairn.TENANT_KEY, tenant));
        };
    }
}
