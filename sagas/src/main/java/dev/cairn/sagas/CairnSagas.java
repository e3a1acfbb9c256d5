package dev.cairn.sagas;

import dev.cairn.aggregates.CairnExtension;
import dev.cairn.aggregates.CairnSetup;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.processing.InitialPosition;
import dev.cairn.processing.MongoTokenStore;
import dev.cairn.processing.LeaseClock;
import dev.cairn.processing.NodeId;
import dev.cairn.sagas.internal.ParkedSagaDocuments;
import dev.cairn.sagas.internal.SagaRetrySettings;
import dev.cairn.sagas.internal.SagaWiring;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.bson.BsonDocument;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * A saga event whose handler fails is never skipped (ADR 51): it is retried with backoff and then parked, with that
 * saga's later events waiting behind it in order while the other sagas go on; {@link #parkedEvents()},
 * {@link #retryParked(String)} and {@link #dropParked(String)} are the operator's side.
 * <p>
 * Defaults: sagas start at the {@link InitialPosition#HEAD head} of the event stream (history does not start sagas),
 * Cairn's token store on the application's database, deadline polling every second, a failing saga event run at most
 * 5 times (1 s, doubling, at most 1 min between), due retries looked for every second, a retry's lease 1 min.
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
                                     List.copyOf(builder.tokenStoreCustomizations), parts,
                                     new SagaRetrySettings(builder.maxAttempts, builder.firstBackoff,
                                                           builder.maxBackoff, builder.retryPollInterval,
                                                           builder.retryLease, NodeId.generate().value(),
                                                           Clock.systemUTC(), LeaseClock.database()));
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

    /**
     * @return the sagas whose handler failed on an event (ADR 51), retrying or parked, parked longest ago first: per
     * saga the first failed event with its failure, and how many events wait behind it
     */
    public List<ParkedSagaEvents> parkedEvents() {
        return wiring.parked().all().stream().map(CairnSagas::parkedEvents).toList();
    }

    /**
     * Retries a parked saga's events now, in order, with fresh attempts (after the cause was fixed); the saga's later
     * events go on waiting behind them until all ran.
     *
     * @return {@code false} when no saga with that id is parked (unknown, or still being retried)
     */
    public boolean retryParked(String sagaId) {
        assertNonNull(sagaId, "The saga id may not be null");
        return wiring.parked().retry(sagaId, Instant.now());
    }

    /**
     * Drops a parked saga's waiting events for good: the saga never handles them, stays as it was before the first
     * one, and handles its next events as they come.
     *
     * @return {@code false} when no saga with that id is parked (unknown, or still being retried)
     */
    public boolean dropParked(String sagaId) {
        assertNonNull(sagaId, "The saga id may not be null");
        return wiring.parked().drop(sagaId);
    }

    private static ParkedSagaEvents parkedEvents(BsonDocument parking) {
        List<BsonDocument> events = ParkedSagaDocuments.events(parking);
        BsonDocument first = events.isEmpty() ? null : events.get(0);
        return new ParkedSagaEvents(ParkedSagaDocuments.sagaId(parking),
                                    ParkedSagaDocuments.string(parking, ParkedSagaDocuments.SAGA_TYPE),
                                    ParkedSagaDocuments.string(parking, ParkedSagaDocuments.PROCESSING_GROUP),
                                    ParkedSagaDocuments.string(parking, ParkedSagaDocuments.STATUS),
                                    ParkedSagaDocuments.attempts(parking), events.size(),
                                    first == null ? null : ParkedSagaDocuments.eventType(first),
                                    first == null ? null : ParkedSagaDocuments.eventId(first),
                                    ParkedSagaDocuments.string(parking, ParkedSagaDocuments.LAST_ERROR),
                                    ParkedSagaDocuments.instant(parking, ParkedSagaDocuments.PARKED_AT),
                                    ParkedSagaDocuments.instant(parking, ParkedSagaDocuments.DUE_AT));
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
        private int maxAttempts = 5;
        private Duration firstBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofMinutes(1);
        private Duration retryPollInterval = Duration.ofSeconds(1);
        private Duration retryLease = Duration.ofMinutes(1);

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

        /**
         * How a saga event whose handler fails is retried before the saga is parked (ADR 51): {@code maxAttempts}
         * runs of the event in all (the failed delivery included), waiting {@code firstBackoff} before the first
         * retry, doubled before each next one up to {@code maxBackoff}. Defaults: 5 attempts, 1 s doubling up to 1 min.
         * The saga's later events wait behind it meanwhile.
         */
        public Builder eventRetries(int maxAttempts, Duration firstBackoff, Duration maxBackoff) {
            assertThat(maxAttempts, n -> n >= 1, "At least one attempt is needed, not [" + maxAttempts + "]");
            assertThat(firstBackoff, d -> d != null && !d.isNegative(), "The first backoff may not be negative");
            assertThat(maxBackoff, d -> d != null && d.compareTo(firstBackoff) >= 0,
                       "The maximum backoff must be at least the first");
            this.maxAttempts = maxAttempts;
            this.firstBackoff = firstBackoff;
            this.maxBackoff = maxBackoff;
            return this;
        }

        /** How often each node looks for sagas due for a retry. Defaults to 1 s. */
        public Builder eventRetryPollInterval(Duration interval) {
            assertThat(interval, d -> d != null && !d.isNegative() && !d.isZero(), "The poll interval must be positive");
            this.retryPollInterval = interval;
            return this;
        }

        /**
         * How long a node holds a saga's retry (judged on the database's clock, renewed after each event it ran);
         * must exceed the longest handler run. Defaults to 1 min.
         */
        public Builder eventRetryLease(Duration lease) {
            assertThat(lease, d -> d != null && d.toMillis() > 0, "The lease must be at least a millisecond");
            this.retryLease = lease;
            return this;
        }

        public CairnSagas build() {
            assertThat(sagaTypes, s -> !s.isEmpty(), "Register at least one saga type");
            return new CairnSagas(this);
        }
    }
}
