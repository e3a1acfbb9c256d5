package dev.cairn.sagas.internal;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValues;
import org.axonframework.modelling.saga.Saga;
import org.axonframework.modelling.saga.SagaRepository;

import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The saga repository as the saga manager sees it (ADR 51): a saga that has parked events is handed out as a saga whose
 * {@code handle} queues the event behind them instead of running it, so the saga's events keep their order while
 * every other saga goes on. The retrier works on the repository this one wraps.
 */
public final class ParkingSagaRepository<T> implements SagaRepository<T> {

    private final SagaRepository<T> delegate;
    private final SagaEventParking parking;

    public ParkingSagaRepository(SagaRepository<T> delegate, SagaEventParking parking) {
        this.delegate = delegate;
        this.parking = parking;
    }

    @Override
    public Set<String> find(AssociationValue associationValue) {
        return delegate.find(associationValue);
    }

    @Override
    public Saga<T> load(String sagaIdentifier) {
        Saga<T> saga = delegate.load(sagaIdentifier);
        return saga != null && parking.holds(sagaIdentifier) ? waiting(saga, false) : saga;
    }

    @Override
    public Saga<T> createInstance(String sagaIdentifier, Supplier<T> factoryMethod) {
        Saga<T> saga = delegate.createInstance(sagaIdentifier, factoryMethod);
        // a starting event delivered again after it was parked: the saga exists only in its parked events
        return parking.holds(sagaIdentifier) ? waiting(saga, true) : saga;
    }

    private Saga<T> waiting(Saga<T> saga, boolean start) {
        SagaEventParking.hold(saga.getSagaIdentifier());
        return new Waiting<>(saga, parking, start);
    }

    /** A saga with parked events: it takes events in, behind those, and never runs them here. */
    private record Waiting<T>(Saga<T> saga, SagaEventParking parking, boolean start) implements Saga<T> {

        @Override
        public Object handle(EventMessage<?> event) {
            parking.queue(saga.getSagaIdentifier(), event, start);
            return null;
        }

        @Override
        public boolean canHandle(EventMessage<?> event) {
            return saga.canHandle(event);
        }

        @Override
        public String getSagaIdentifier() {
            return saga.getSagaIdentifier();
        }

        @Override
        public AssociationValues getAssociationValues() {
            return saga.getAssociationValues();
        }

        @Override
        public <R> R invoke(Function<T, R> invocation) {
            return saga.invoke(invocation);
        }

        @Override
        public void execute(Consumer<T> invocation) {
            saga.execute(invocation);
        }

        @Override
        public boolean isActive() {
            return saga.isActive();
        }
    }
}
