package dev.cairn.sagas.internal;

import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.Segment;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.saga.AnnotatedSagaManager;
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

    private StableIdSagaManager(Builder<T> builder, Class<T> sagaType, Predicate<String> stored) {
        super(builder);
        this.sagaType = sagaType;
        this.stored = stored;
    }

    /**
     * @return a manager configured as Axon's {@code SagaConfigurer} configures its default one
     */
    public static <T> StableIdSagaManager<T> create(Configuration c, Class<T> sagaType, String processingGroup,
                                                    Predicate<String> stored) {
        Builder<T> builder = AnnotatedSagaManager.<T>builder()
                                                 .sagaType(sagaType)
                                                 .sagaRepository(c.eventProcessingConfiguration()
                                                                  .sagaConfiguration(sagaType).repository())
                                                 .parameterResolverFactory(c.parameterResolverFactory())
                                                 .handlerDefinition(c.handlerDefinition(sagaType))
                                                 .listenerInvocationErrorHandler(
                                                         c.eventProcessingConfiguration()
                                                          .listenerInvocationErrorHandler(processingGroup))
                                                 .spanFactory(c.getComponent(SagaManagerSpanFactory.class));
        return new StableIdSagaManager<>(builder, sagaType, stored);
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
