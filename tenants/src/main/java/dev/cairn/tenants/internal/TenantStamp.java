package dev.cairn.tenants.internal;

import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageDispatchInterceptor;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Stamps every command and event dispatched on a tenant's application with its tenant ({@value Cairn#TENANT_KEY}):
 * the events its commands apply, and the commands its sagas and handlers send, whatever the thread. The tenant's
 * application knows its tenant, so the stamp needs no correlation from the message being handled; a message naming
 * another tenant is refused, so that one tenant's store never takes another's commits.
 */
public final class TenantStamp<T extends Message<?>> implements MessageDispatchInterceptor<T> {

    private final String tenantId;

    private TenantStamp(String tenantId) {
        this.tenantId = tenantId;
    }

    /** Registers the stamp on the command bus and the event bus of {@code application}. */
    public static void install(CairnApplication application, String tenantId) {
        application.configuration().commandBus().registerDispatchInterceptor(new TenantStamp<>(tenantId));
        application.configuration().eventBus().registerDispatchInterceptor(new TenantStamp<>(tenantId));
    }

    @Override
    @SuppressWarnings("unchecked")
    public BiFunction<Integer, T, T> handle(List<? extends T> messages) {
        return (index, message) -> {
            Object named = message.getMetaData().get(Cairn.TENANT_KEY);
            if (named == null) {
                return (T) message.andMetaData(Map.of(Cairn.TENANT_KEY, tenantId));
            }
            if (!tenantId.equals(named.toString())) {
                throw new IllegalArgumentException("Message [" + message.getPayloadType().getName() + "] names tenant ["
                                                           + named + "] but was dispatched in the application of "
                                                           + "tenant [" + tenantId + "]");
            }
            return message;
        };
    }
}
