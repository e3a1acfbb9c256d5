package dev.cairn.sagas;

import dev.cairn.aggregates.CairnExtension;
import dev.cairn.aggregates.CairnSetup;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.processing.InitialPosition;
import dev.cairn.processing.MongoTokenStore;
import dev.cairn.sagas.internal.SagaWiring;
import org.axonframework.eventhandling.tokenstore.TokenStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static org.axonframework.common.BuilderUtils.assertNonNull;
import static org.axonframework.common.BuilderUtils.assertThat;

/**
 * The sagas of one application, plugged into the Cairn entry point, one line per saga type:
 * <pre>
 * CairnSagas sagas = CairnSagas.builder().saga(OrderSaga.class).build();
 * try (CairnApplication app = Cairn.builder().mongo(uri, "shop")
 *                                  .aggregate(Order.class).aggregate(Inventory.class).aggregate(Wallet.class)
 *                                  .extension(sagas.extension()).start()) { ... }
 * </pre>
 * Per saga type: Axon's saga manager on a pooled streaming processor with one segment (events reach a saga in the
 * order they were stored), named like Axon names it ({@code @ProcessingGroup}, or the simple class name +
 * {@code "Processor"}), on Cairn's Mongo token store, with the {@link MongoSagaStore}. For the application: one
 * {@link MongoDeadlineManager} (the Axon component {@code DeadlineManager}, so handlers take it as a parameter) and
 * {@link SagaCommands} (likewise), whose commands carry idempotency keys.
 * <p>
 * Defaults: sagas start at the {@link InitialPosition#HEAD head} of the event stream (history does not start sagas),
 * Cairn's token store on the application's database, deadline polling every second.
 */
public final class CairnSagas {

    private final SagaParts parts;
    private final SagaWiring wiring;
    private final List<Consumer<MongoDeadlineManager.Builder>> deadlineCustomizations;
    private volatile boolean used;

    private CairnSagas(Builder builder) {
        this.deadlineCustomizations = List.copyOf(builder.deadlineCustomizations);
        this.parts = new SagaParts(List.copyOf(builder.deadlineCustomizations));
        this.wiring = new SagaWiring(List.copyOf(builder.sagaTypes), builder.initialPosition, builder.tokenStore,
                                     List.copyOf(builder.tokenStoreCustomizations), parts);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the extension to pass to the Cairn builder's {@code extension(...)}; it describes the deadline
     * collection as {@link Builder#deadlines} names it (ADR 73), the saga collection has its default name
     */
    public CairnExtension extension() {
        return new CairnExtension() {
            @Override
            public void configure(CairnSetup setup) {
                CairnSagas.this.configure(setup);
            }

            @Override
            public CairnCollections collections(CairnCollections collections) {
                MongoDeadlineManager.Builder deadlines = MongoDeadlineManager.builder();
                deadlineCustomizations.forEach(customization -> customization.accept(deadlines));
                return deadlines.collections(collections);
            }
        };
    }

    private synchronized void configure(CairnSetup setup) {
        if (used) {
            throw new IllegalStateException("These CairnSagas are already part of an application");
        }
        used = true;
        wiring.configure(setup);
    }

    /** @return the saga store of the started application */
    public MongoSagaStore sagaStore() {
        return parts.sagaStore().orElseThrow(CairnSagas::notStarted);
    }

    /** @return the deadline manager of the started application (parked deadlines, retries) */
    public MongoDeadlineManager deadlineManager() {
        return parts.deadlineManager().orElseThrow(CairnSagas::notStarted);
    }

    /** @return the processing group of {@code sagaType}, as Axon names it */
    public static String processingGroup(Class<?> sagaType) {
        return SagaWiring.processingGroup(sagaType);
    }

    /** @return how many sagas of {@code sagaType} are live (stored and not ended) */
    public long liveSagas(Class<?> sagaType) {
        return wiring.liveSagas(sagaType);
    }

    /** @return the ids of the processing groups, one per saga type, in registration order */
    public List<String> processingGroups() {
        return wiring.processingGroups();
    }

    private static IllegalStateException notStarted() {
        return new IllegalStateException("The application with these sagas is not started yet");
    }

    /** Builds {@link CairnSagas}. Setters fail fast. */
    public static final class Builder {

        private final Set<Class<?>> sagaTypes = new LinkedHashSet<>();
        private final List<Consumer<MongoDeadlineManager.Builder>> deadlineCustomizations = new ArrayList<>();
        private final List<Consumer<MongoTokenStore.Builder>> tokenStoreCustomizations = new ArrayList<>();
        private InitialPosition initialPosition = InitialPosition.HEAD;
        private TokenStore tokenStore;

        /** Adds a saga type: a class with Axon's {@code @StartSaga}/{@code @SagaEventHandler} methods. */
        public Builder saga(Class<?> sagaType) {
            assertNonNull(sagaType, "The saga type may not be null");
            assertThat(sagaType, t -> !sagaTypes.contains(t), "Saga type [" + sagaType.getName() + "] is registered twice");
            sagaTypes.add(sagaType);
            return this;
        }

        /**
         * Where saga processors start the first time they run: {@code HEAD} (default) ignores history, {@code TAIL}
         * handles every stored event (a new saga type over existing history would start sagas for old events).
         */
        public Builder initialPosition(InitialPosition initialPosition) {
            assertNonNull(initialPosition, "The initial position may not be null");
            this.initialPosition = initialPosition;
            return this;
        }

        /**
         * Adjusts Cairn's Mongo token store of the saga processors (node id, claim timeout, collection name); ignored
         * when a token store is passed to {@link #tokenStore(TokenStore)}.
         */
        public Builder tokenStore(Consumer<MongoTokenStore.Builder> customization) {
            assertNonNull(customization, "The token store customization may not be null");
            tokenStoreCustomizations.add(customization);
            return this;
        }

        /** The token store of the saga processors; default: Cairn's Mongo token store on the application database. */
        public Builder tokenStore(TokenStore tokenStore) {
            assertNonNull(tokenStore, "The token store may not be null");
            this.tokenStore = tokenStore;
            return this;
        }

        /** Adjusts the deadline manager: poll interval, lease, attempts, backoff, collection. */
        public Builder deadlines(Consumer<MongoDeadlineManager.Builder> customization) {
            assertNonNull(customization, "The deadline customization may not be null");
            deadlineCustomizations.add(customization);
            return this;
        }

        /** Shorthand for {@code deadlines(d -> d.pollInterval(interval))}. */
        public Builder deadlinePollInterval(Duration interval) {
            return deadlines(d -> d.pollInterval(interval));
        }

        public CairnSagas build() {
            assertThat(sagaTypes, s -> !s.isEmpty(), "Register at least one saga type");
            return new CairnSagas(this);
        }
    }
}
