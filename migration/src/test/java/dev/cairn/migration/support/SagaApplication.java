package dev.cairn.migration.support;

import com.example.migration.Shipping;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.saga.AnnotatedSagaManager;
import org.axonframework.modelling.saga.repository.AnnotatedSagaRepository;
import org.axonframework.modelling.saga.repository.SagaStore;

/**
 * Axon's saga machinery for {@link Shipping} on a given saga store: the extension's before the migration, Cairn's
 * after. Events are handed to the saga manager as an event processor would, one unit of work each.
 */
public final class SagaApplication {

    private final AnnotatedSagaManager<Shipping> manager;

    public SagaApplication(SagaStore<? super Shipping> store) {
        AnnotatedSagaRepository<Shipping> repository = AnnotatedSagaRepository.<Shipping>builder()
                                                                              .sagaType(Shipping.class)
                                                                              .sagaStore(store)
                                                                              .build();
        this.manager = AnnotatedSagaManager.<Shipping>builder().sagaRepository(repository)
                                           .sagaType(Shipping.class).build();
    }

    /** Publishes {@code payload} to the sagas, as their processor would. */
    public void publish(Object payload) {
        GenericEventMessage<Object> event = new GenericEventMessage<>(payload);
        DefaultUnitOfWork.startAndGet(event).executeWithResult(() -> {
            manager.handle(event, Segment.ROOT_SEGMENT);
            return null;
        });
    }
}
