package dev.cairn.sagas.internal;

import dev.cairn.aggregates.CairnSetup;
import org.axonframework.config.Configuration;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.modelling.saga.repository.SagaStore;

/**
 * The saga store and the deadline manager of one application as {@link SagaWiring} sees them. The public side builds
 * them (they are public classes built on this package); the wiring knows them only through Axon's contracts and plain
 * values, so the implementation never calls back into a class that is built on it (ADR 14, rule 4).
 */
public interface SagaComponents {

    /** Builds the application's saga store on the set-up's database; called once, when the application is configured. */
    SagaStore<Object> sagaStore(CairnSetup setup);

    /** @return whether the store built by {@link #sagaStore} holds a saga with this id (a live saga) */
    boolean isLive(String sagaIdentifier);

    /** @return the collection of the store built by {@link #sagaStore} */
    String sagaCollection();

    /** Builds the application's deadline manager; Axon calls it once, possibly while the configuration starts. */
    DeadlineManager deadlineManager(Configuration configuration, CairnSetup setup);

    /** Starts polling for due deadlines with {@code manager}, which {@link #deadlineManager} built. */
    void start(DeadlineManager manager);

    /** Stops polling with {@code manager}, which {@link #deadlineManager} built; its deadlines stay stored. */
    void shutdown(DeadlineManager manager);
}
