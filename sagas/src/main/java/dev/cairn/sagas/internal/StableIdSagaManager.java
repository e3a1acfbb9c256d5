package dev.cairn.sagas.internal;

import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.Segment;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.saga.AnnotatedSagaManager;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.Saga;
import org.axonframework.modelling.saga.SagaInstantiationException;
import org.axonframework.modelling.saga.SagaRepository;
import org.axonframework.modelling.saga.SagaManagerSpanFactory;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Axon's annotated saga manager, except that a new saga's identifier is derived from the saga type and the event that
 * starts it (a name-based UUID) instead of drawn at random. When the starting event is delivered again because the
 * first delivery never got its saga stored (a crash before the commit), the saga is re-created with the same
 * identifier, so the commands it sends carry the same idempotency keys and are not executed twice.
 */
public final class StableIdSagaManager<T> extends AnnotatedSagaManager<T> {

    private final Class<T> sagaType;
    private final Predicate<String> stored;
    private final SagaRepository<T> repository;

    private StableIdSagaManager(Builder<T> builder, Class<T> sagaType, Predicate<String> stored,
                                SagaRepository<T> repository) {
        super(builder);
        this.sagaType = sagaType;
        this.stored = stored;
        this.repository = repository;
    }

    /**
     * @param parking what happens to a failing event of a saga and to the events of a saga with parked events (ADR
     *                51): the manager's error handler, and its view of the saga repository
     * @return a manager configured as Axon's {@code SagaConfigurer} configures its default one, except for parking
     */
    public static <T> StableIdSagaManager<T> create(Configuration c, Class<T> sagaType, SagaEventParking parking,
                                                    Predicate<String> stored) {
        SagaRepository<T> repository = c.eventProcessingConfiguration().sagaConfiguration(sagaType).repository();
        Builder<T> builder = AnnotatedSagaManager.<T>builder()
                                                 .sagaType(sagaType)
                                                 .sagaRepository(new ParkingSagaRepository<>(repository, parking))
                                                 .parameterResolverFactory(c.parameterResolverFactory())
                                                 .handlerDefinition(c.handlerDefinition(sagaType))
                                                 .listenerInvocationErrorHandler(parking)
                                                 .spanFactory(c.getComponent(SagaManagerSpanFactory.class));
        return new StableIdSagaManager<>(builder, sagaType, stored, repository);
    }

    /**
     * Runs one parked event for one saga, in a unit of work of its own, on the saga repository itself (not the
     * parking view): loads the saga, or creates it when {@code start} says the event starts it and it was never
     * stored, lets it handle the event, and stores it. A saga that ended meanwhile does not get the event, as Axon
     * delivers no event to an ended saga.
     *
     * @return the failure, {@code null} when the event was handled (or had no saga to go to)
     */
    public Throwable replay(String sagaId, EventMessage<?> event, boolean start) {
        DefaultUnitOfWork<EventMessage<?>> unitOfWork = DefaultUnitOfWork.startAndGet(event);
        ResultMessage<?> result = unitOfWork.executeWithResult(() -> {
            Saga<T> saga = repository.load(sagaId);
            if (saga == null && start) {
                saga = repository.createInstance(sagaId, this::newSaga);
                AssociationValue initial = getSagaCreationPolicy(event).getInitialAssociationValue();
                if (initial != null) {
                    saga.getAssociationValues().add(initial);
                }
            }
            if (saga != null && saga.isActive() && (event instanceof DeadlineMessage || saga.canHandle(event))) {
                saga.handle(event);
            }
            return null;
        });
        return result.isExceptional() ? result.exceptionResult() : null;
    }

    private T newSaga() {
        try {
            return sagaType.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new SagaInstantiationException("Could not create a saga of type [" + sagaType.getName() + "]", e);
        }
    }

    @Override
    protected String createSagaIdentifier(Segment segment) {
        if (!CurrentUnitOfWork.isStarted()) {
            return super.createSagaIdentifier(segment);
        }
        String trigger = sagaType.getName() + "/" + CurrentUnitOfWork.get().getMessage().getIdentifier();
        for (int salt = 0; ; salt++) {
            String candidate = UUID.nameUUIDFromBytes((trigger + "/" + salt).getBytes(StandardCharsets.UTF_8))
                                   .toString();
            // a stored saga with this id means a forced new saga for an event delivered again: take the next id
            if (matchesSegment(segment, candidate) && !stored.test(candidate)) {
                return candidate;
            }
        }
    }
}
