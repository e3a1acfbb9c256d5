package dev.cairn.testing.internal;

import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.callbacks.FutureCallback;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.MultiParameterResolverFactory;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.messaging.annotation.SimpleResourceParameterResolverFactory;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.AggregateAnnotationCommandHandler;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A minimal Axon stack in memory for one aggregate type: an event-sourcing repository on an in-memory storage engine
 * and a command bus. The fixture uses it to turn given commands into events and to load the aggregate the way a
 * repository does, for the snapshot check. Internal to Cairn.
 */
public final class InMemoryAggregateStack<T> implements AutoCloseable {

    private final InMemoryEventStorageEngine engine = new InMemoryEventStorageEngine();
    private final EmbeddedEventStore eventStore = EmbeddedEventStore.builder().storageEngine(engine).build();
    private final EventSourcingRepository<T> repository;
    private final SimpleCommandBus commandBus = SimpleCommandBus.builder().build();

    public InMemoryAggregateStack(Class<T> aggregateType, List<Object> resources) {
        ParameterResolverFactory parameters = MultiParameterResolverFactory.ordered(
                ClasspathParameterResolverFactory.forClass(aggregateType),
                new SimpleResourceParameterResolverFactory(resources));
        AggregateModel<T> model = AnnotatedAggregateMetaModelFactory.inspectAggregate(aggregateType, parameters);
        this.repository = EventSourcingRepository.builder(aggregateType)
                                                 .aggregateModel(model)
                                                 .eventStore(eventStore)
                                                 .build();
        AggregateAnnotationCommandHandler.<T>builder()
                                         .aggregateType(aggregateType)
                                         .aggregateModel(model)
                                         .parameterResolverFactory(parameters)
                                         .repository(repository)
                                         .build()
                                         .subscribe(commandBus);
    }

    /**
     * Executes the commands in order and returns the events they stored.
     *
     * @throws AssertionError naming the command when one fails
     */
    public List<DomainEventMessage<?>> execute(List<?> commands) {
        for (Object command : commands) {
            FutureCallback<Object, Object> callback = new FutureCallback<>();
            commandBus.dispatch(GenericCommandMessage.asCommandMessage(command), callback);
            CommandResultMessage<?> result = callback.getResult();
            if (result.isExceptional()) {
                throw new AssertionError("Given command " + command.getClass().getName() + " failed: "
                                                 + result.exceptionResult(), result.exceptionResult());
            }
        }
        return storedEvents();
    }

    /**
     * Appends given events as they are.
     */
    public void append(List<DomainEventMessage<?>> events) {
        eventStore.publish(events);
    }

    /**
     * @return every event stored so far, in order
     */
    public List<DomainEventMessage<?>> storedEvents() {
        return engine.readEvents(null, false)
                     .map(event -> (DomainEventMessage<?>) event)
                     .collect(Collectors.toList());
    }

    /**
     * Loads the aggregate through the repository, as a command handler would see it.
     */
    public T load(String aggregateIdentifier) {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            return repository.load(aggregateIdentifier).invoke(root -> root);
        } finally {
            unitOfWork.rollback();
        }
    }

    @Override
    public void close() {
        eventStore.shutDown();
    }
}
