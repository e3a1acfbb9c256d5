package dev.cairn.testing.internal;

import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.callbacks.FutureCallback;
import org.axonframework.config.Configurer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.axonframework.test.aggregate.ResultValidator;
import org.axonframework.test.aggregate.ResultValidatorImpl;
import org.axonframework.test.deadline.StubDeadlineManager;
import org.axonframework.test.matchers.MatchAllFieldFilter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One given/when run through a real Cairn application on MongoDB: events are stored and read back by the Mongo event
 * store, snapshots are taken at the configured threshold, and the validator sees what MongoDB holds. Internal to
 * Cairn.
 */
public final class MongoFixtureRun<T> {

    private final FixtureSettings<T> settings;
    private final AggregateModel<T> model;
    private final Map<String, Object> published = new ConcurrentHashMap<>();

    public MongoFixtureRun(FixtureSettings<T> settings) {
        this.settings = settings;
        this.model = AnnotatedAggregateMetaModelFactory.inspectAggregate(settings.aggregateType());
    }

    /**
     * Runs given and when, checks what landed in MongoDB, and returns Axon's validator over it.
     */
    public ResultValidator<T> run(Given given, CommandMessage<?> command, String targetIdentifier) {
        boolean scratch = settings.database() == null;
        MongoDatabase database = scratch
                ? SharedMongo.client().getDatabase("cairn_fixture_" + UUID.randomUUID().toString().substring(0, 8))
                : settings.database();
        try (CairnApplication app = start(database)) {
            // the application's own engine reads back: the same serializers, upcasters and allowed stored types
            MongoEventStorageEngine reader = app.configuration().getComponent(MongoEventStorageEngine.class);
            app.eventStore().registerDispatchInterceptor(messages -> {
                messages.forEach(m -> published.put(m.getIdentifier(), m.getPayload()));
                return (index, message) -> message;
            });
            String givenIdentifier = runGiven(app, reader, given, command, targetIdentifier);

            TrackingToken beforeWhen = reader.createHeadToken();
            FutureCallback<Object, Object> callback = new FutureCallback<>();
            app.configuration().commandBus().dispatch(command, callback);
            CommandResultMessage<?> result = callback.getResult();
            List<EventMessage<?>> emitted = reader.readEvents(beforeWhen, false).collect(Collectors.toList());
            checkStored(emitted);

            String stateIdentifier = emitted.stream()
                                            .filter(DomainEventMessage.class::isInstance)
                                            .map(e -> ((DomainEventMessage<?>) e).getAggregateIdentifier())
                                            .findFirst()
                                            .orElse(targetIdentifier != null ? targetIdentifier : givenIdentifier);
            Supplier<Aggregate<T>> state = loadState(app, stateIdentifier);
            if (settings.snapshotCheck() && !result.isExceptional()) {
                checkSnapshotOf(state);
            }
            ResultValidatorImpl<T> validator = new ResultValidatorImpl<>(emitted, new MatchAllFieldFilter(List.of()),
                                                                         state, new StubDeadlineManager());
            validator.onResult(command, result);
            validator.assertValidRecording();
            return validator;
        } finally {
            if (scratch) {
                database.drop(); // the fixture's own scratch database, not test data
            }
        }
    }

    private CairnApplication start(MongoDatabase database) {
        Class<T> type = settings.aggregateType();
        Cairn.Builder builder = Cairn.builder()
                                     .database(database)
                                     .aggregate(type)
                                     .snapshotEvery(type, settings.snapshotThreshold())
                                     .serializer(settings.serializer())
                                     .eventStorage(engine -> engine.snapshotSerializer(settings.snapshotSerializer()))
                                     .eventImmutabilityCheck(settings.immutabilityCheck())
                                     .allowStoredTypes(settings.allowedPackages().toArray(String[]::new))
                                     .configure(this::registerResources);
        settings.upcasters().forEach(builder::upcaster);
        return builder.start();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void registerResources(Configurer configurer) {
        for (Object resource : settings.resources()) {
            configurer.registerComponent((Class) resource.getClass(), c -> resource);
        }
    }

    private String runGiven(CairnApplication app, MongoEventStorageEngine reader, Given given,
                            CommandMessage<?> command, String targetIdentifier) {
        switch (given.kind()) {
            case EVENTS -> {
                if (targetIdentifier == null) {
                    throw new IllegalStateException("Cannot tell which aggregate the given events belong to: "
                                                            + missingTarget(command.getPayload()));
                }
                given.eventPayloads().forEach(settings::checkEvent);
                app.eventStore().publish(given.asDomainEvents(model.type(), targetIdentifier));
            }
            case COMMANDS -> {
                for (Object givenCommand : given.items()) {
                    FutureCallback<Object, Object> callback = new FutureCallback<>();
                    app.configuration().commandBus().dispatch(GenericCommandMessage.asCommandMessage(givenCommand),
                                                              callback);
                    CommandResultMessage<?> result = callback.getResult();
                    if (result.isExceptional()) {
                        throw new AssertionError("Given command " + givenCommand.getClass().getName() + " failed: "
                                                         + result.exceptionResult(), result.exceptionResult());
                    }
                }
            }
            case NOTHING -> {
                return null;
            }
        }
        List<EventMessage<?>> stored = reader.readEvents(null, false).collect(Collectors.toList());
        checkStored(stored);
        String givenIdentifier = stored.isEmpty() ? null
                : ((DomainEventMessage<?>) stored.get(stored.size() - 1)).getAggregateIdentifier();
        if (givenIdentifier != null && settings.snapshotCheck()) {
            settings.checkSnapshot(load(app, givenIdentifier));
        }
        return givenIdentifier;
    }

    private void checkStored(List<EventMessage<?>> stored) {
        for (EventMessage<?> event : stored) {
            Object original = published.get(event.getIdentifier());
            if (original != null) {
                settings.checkEvent(original);
                if (settings.serializationCheck()) {
                    RoundTripChecks.storedEventMatches(original, event.getPayload());
                }
            }
        }
    }

    private T load(CairnApplication app, String identifier) {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            return app.configuration().repository(settings.aggregateType()).load(identifier).invoke(root -> root);
        } finally {
            unitOfWork.rollback();
        }
    }

    /**
     * The state after {@code when} must survive the snapshot serializer too: a command that creates the aggregate
     * has no given state to check, and one event is never replaced by a snapshot.
     */
    private void checkSnapshotOf(Supplier<Aggregate<T>> state) {
        Object root;
        try {
            root = state.get().invoke(aggregate -> aggregate);
        } catch (RuntimeException e) {
            return; // no aggregate after when (none created, or deleted): nothing to snapshot
        }
        settings.checkSnapshot(root);
    }

    /**
     * @return why the command names no target: no {@code @TargetAggregateIdentifier} member, or one whose value is
     * {@code null}
     */
    static String missingTarget(Object command) {
        String annotated = annotatedTargetMember(command.getClass());
        if (annotated != null) {
            return "the command " + command.getClass().getName() + " in 'when' names its target aggregate with "
                    + "@TargetAggregateIdentifier on '" + annotated + "', but its value is null.";
        }
        return "the command " + command.getClass().getName() + " in 'when' names no @TargetAggregateIdentifier. "
                + "Use givenCommands(...) instead.";
    }

    private static String annotatedTargetMember(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (java.lang.reflect.Field field : c.getDeclaredFields()) {
                if (field.isAnnotationPresent(TargetAggregateIdentifier.class)) {
                    return field.getName();
                }
            }
            for (java.lang.reflect.Method method : c.getDeclaredMethods()) {
                if (method.isAnnotationPresent(TargetAggregateIdentifier.class)) {
                    return method.getName();
                }
            }
        }
        return null;
    }

    private Supplier<Aggregate<T>> loadState(CairnApplication app, String identifier) {
        if (identifier == null) {
            return () -> {
                throw new IllegalStateException("No aggregate was created or loaded, so there is no state to check");
            };
        }
        try {
            T root = load(app, identifier);
            Aggregate<T> aggregate = AnnotatedAggregate.initialize(root, model, null);
            return () -> aggregate;
        } catch (AggregateDeletedException e) {
            Aggregate<T> deleted = new DeletedAggregate<>(settings.aggregateType(), model.type(), identifier);
            return () -> deleted;
        } catch (RuntimeException e) {
            return () -> {
                throw e;
            };
        }
    }

}
