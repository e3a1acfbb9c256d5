package dev.cairn.testing.internal;

import org.axonframework.messaging.Message;
import org.axonframework.modelling.command.Aggregate;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Stands for an aggregate the repository reports as deleted, so that {@code expectMarkedDeleted()} works on MongoDB.
 * Internal to Cairn.
 */
final class DeletedAggregate<T> implements Aggregate<T> {

    private final Class<T> type;
    private final String declaredType;
    private final String identifier;

    DeletedAggregate(Class<T> type, String declaredType, String identifier) {
        this.type = type;
        this.declaredType = declaredType;
        this.identifier = identifier;
    }

    @Override
    public String type() {
        return declaredType;
    }

    @Override
    public Object identifier() {
        return identifier;
    }

    @Override
    public Long version() {
        return null;
    }

    @Override
    public Object handle(Message<?> message) {
        throw deleted();
    }

    @Override
    public <R> R invoke(Function<T, R> invocation) {
        throw deleted();
    }

    @Override
    public void execute(Consumer<T> invocation) {
        throw deleted();
    }

    @Override
    public boolean isDeleted() {
        return true;
    }

    @Override
    public Class<? extends T> rootType() {
        return type;
    }

    private IllegalStateException deleted() {
        return new IllegalStateException("Aggregate " + type.getName() + " [" + identifier + "] is deleted; "
                                                 + "its state cannot be inspected");
    }
}
