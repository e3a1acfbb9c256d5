package dev.cairn.sagas;

import dev.cairn.aggregates.CairnSetup;
import dev.cairn.sagas.internal.SagaComponents;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.modelling.saga.repository.SagaStore;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Builds and keeps the {@link MongoSagaStore} and the {@link MongoDeadlineManager} of one application, for
 * {@link CairnSagas}: the internal wiring registers them through {@link SagaComponents} without knowing their classes.
 */
final class SagaParts implements SagaComponents {

    private final List<Consumer<MongoDeadlineManager.Builder>> deadlineCustomizations;
    private volatile MongoSagaStore sagaStore;
    private volatile MongoDeadlineManager deadlineManager;

    SagaParts(List<Consumer<MongoDeadlineManager.Builder>> deadlineCustomizations) {
        this.deadlineCustomizations = deadlineCustomizations;
    }

    @Override
    public SagaStore<Object> sagaStore(CairnSetup setup) {
        MongoSagaStore store = MongoSagaStore.builder().database(setup.database()).serializer(setup.serializer())
                                             .indexCreation(setup.indexCreation()).build();
        this.sagaStore = store;
        return store;
    }

    @Override
    public boolean isLive(String sagaIdentifier) {
        return sagaStore().orElseThrow(SagaParts::notConfigured).contains(sagaIdentifier);
    }

    @Override
    public String sagaCollection() {
        return sagaStore().orElseThrow(SagaParts::notConfigured).collectionName();
    }

    @Override
    public DeadlineManager deadlineManager(Configuration c, CairnSetup setup) {
        MongoDeadlineManager.Builder builder = MongoDeadlineManager.builder()
                                                                   .database(setup.database())
                                                                   .serializer(setup.serializer())
                                                                   .indexCreation(setup.indexCreation())
                                                                   .scopeAwareProvider(
                                                                           new ConfigurationScopeAwareProvider(c))
                                                                   .spanFactory(c.getComponent(
                                                                           DeadlineManagerSpanFactory.class));
        deadlineCustomizations.forEach(customization -> customization.accept(builder));
        MongoDeadlineManager manager = builder.build();
        this.deadlineManager = manager;
        return manager;
    }

    @Override
    public void start(DeadlineManager manager) {
        ((MongoDeadlineManager) manager).start();
    }

    @Override
    public void shutdown(DeadlineManager manager) {
        ((MongoDeadlineManager) manager).shutdown();
    }

    Optional<MongoSagaStore> sagaStore() {
        return Optional.ofNullable(sagaStore);
    }

    Optional<MongoDeadlineManager> deadlineManager() {
        return Optional.ofNullable(deadlineManager);
    }

    private static IllegalStateException notConfigured() {
        return new IllegalStateException("Not started");
    }
}
