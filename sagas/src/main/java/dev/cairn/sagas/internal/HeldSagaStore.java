package dev.cairn.sagas.internal;

import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValues;
import org.axonframework.modelling.saga.repository.SagaStore;

import java.util.Set;

/**
 * The saga store as the saga processors write it (ADR 51): a saga held in the current unit of work (its event failed
 * or waits behind parked ones, {@link SagaEventParking}) is neither inserted, updated nor deleted, so what a failing
 * handler changed in memory is never stored. Reads pass through.
 */
public final class HeldSagaStore implements SagaStore<Object> {

    private final SagaStore<Object> delegate;

    public HeldSagaStore(SagaStore<Object> delegate) {
        this.delegate = delegate;
    }

    @Override
    public Set<String> findSagas(Class<?> sagaType, AssociationValue associationValue) {
        return delegate.findSagas(sagaType, associationValue);
    }

    @Override
    public <S> Entry<S> loadSaga(Class<S> sagaType, String sagaIdentifier) {
        return delegate.loadSaga(sagaType, sagaIdentifier);
    }

    @Override
    public void deleteSaga(Class<?> sagaType, String sagaIdentifier, Set<AssociationValue> associationValues) {
        if (!SagaEventParking.isHeld(sagaIdentifier)) {
            delegate.deleteSaga(sagaType, sagaIdentifier, associationValues);
        }
    }

    @Override
    public void insertSaga(Class<?> sagaType, String sagaIdentifier, Object saga,
                           Set<AssociationValue> associationValues) {
        if (!SagaEventParking.isHeld(sagaIdentifier)) {
            delegate.insertSaga(sagaType, sagaIdentifier, saga, associationValues);
        }
    }

    @Override
    public void updateSaga(Class<?> sagaType, String sagaIdentifier, Object saga,
                           AssociationValues associationValues) {
        if (!SagaEventParking.isHeld(sagaIdentifier)) {
            delegate.updateSaga(sagaType, sagaIdentifier, saga, associationValues);
        }
    }
}
