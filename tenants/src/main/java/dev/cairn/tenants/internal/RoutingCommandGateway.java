package dev.cairn.tenants.internal;

import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import dev.cairn.aggregates.Cairn;
import dev.cairn.tenants.MissingTenantException;
import dev.cairn.tenants.TenantResolver;
import dev.cairn.tenants.TenantUnavailableException;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageDispatchInterceptor;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A command gateway that sends each command to its tenant's application: the tenant comes from the command's metadata
 * ({@value Cairn#TENANT_KEY}) or, without it, from the resolver. A failure to reach the tenant's MongoDB is reported
 * naming the tenant ({@link TenantUnavailableException}); other failures pass unchanged.
 */
public final class RoutingCommandGateway implements CommandGateway {

    private final Function<String, Placed> applications;
    private final TenantResolver resolver;
    private final List<MessageDispatchInterceptor<? super CommandMessage<?>>> interceptors =
            new CopyOnWriteArrayList<>();

    public RoutingCommandGateway(Function<String, Placed> applications, TenantResolver resolver) {
        this.applications = applications;
        this.resolver = resolver;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <C, R> void send(C command, CommandCallback<? super C, ? super R> callback) {
        Routed routed = route(command);
        routed.placed().application().commandGateway().send((C) routed.message(), callback);
    }

    @Override
    public <R> R sendAndWait(Object command) {
        Routed routed = route(command);
        return translated(routed, () -> routed.placed().application().commandGateway().sendAndWait(routed.message()));
    }

    @Override
    public <R> R sendAndWait(Object command, long timeout, TimeUnit unit) {
        Routed routed = route(command);
        return translated(routed, () -> routed.placed().application().commandGateway()
                                              .sendAndWait(routed.message(), timeout, unit));
    }

    @Override
    public <R> CompletableFuture<R> send(Object command) {
        Routed routed = route(command);
        CompletableFuture<R> result = new CompletableFuture<>();
        routed.placed().application().commandGateway().<R>send(routed.message()).whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(unreachable(failure) ? unavailable(routed, failure) : failure);
            }
        });
        return result;
    }

    @Override
    public Registration registerDispatchInterceptor(
            MessageDispatchInterceptor<? super CommandMessage<?>> dispatchInterceptor) {
        interceptors.add(dispatchInterceptor);
        return () -> interceptors.remove(dispatchInterceptor);
    }

    @SuppressWarnings("unchecked")
    private Routed route(Object command) {
        CommandMessage<?> message = GenericCommandMessage.asCommandMessage(command);
        for (MessageDispatchInterceptor<? super CommandMessage<?>> interceptor : interceptors) {
            message = ((MessageDispatchInterceptor<CommandMessage<?>>) interceptor).handle(message);
        }
        Object named = message.getMetaData().get(Cairn.TENANT_KEY);
        String tenantId = named != null ? named.toString() : resolver.tenantOf(message);
        if (tenantId == null) {
            throw new MissingTenantException(message.getCommandName());
        }
        return new Routed(applications.apply(tenantId), message.andMetaData(Map.of(Cairn.TENANT_KEY, tenantId)));
    }

    private static <R> R translated(Routed routed, Supplier<R> send) {
        try {
            return send.get();
        } catch (RuntimeException e) {
            if (unreachable(e)) {
                throw unavailable(routed, e);
            }
            throw e;
        }
    }

    private static boolean unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof MongoTimeoutException || cause instanceof MongoSocketException) {
                return true;
            }
        }
        return false;
    }

    private static TenantUnavailableException unavailable(Routed routed, Throwable failure) {
        return new TenantUnavailableException("Tenant [" + routed.placed().tenant().id() + "]'s "
                                                      + routed.placed().tenant().describe() + " did not answer "
                                                      + "command [" + routed.message().getCommandName() + "]: "
                                                      + failure.getMessage(), failure);
    }

    private record Routed(Placed placed, CommandMessage<?> message) {
    }
}
