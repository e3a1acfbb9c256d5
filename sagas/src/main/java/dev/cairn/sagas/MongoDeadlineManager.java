package dev.cairn.sagas;

import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.CairnSerializers;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.eventstore.mongo.support.ReplicaSetConcerns;
import dev.cairn.eventstore.mongo.support.StoredJsonFormat;
import dev.cairn.processing.LeaseClock;
import dev.cairn.processing.NodeId;
import dev.cairn.sagas.internal.DeadlineIds;
import dev.cairn.sagas.internal.DeadlineScheduler;
import dev.cairn.sagas.internal.DeadlineSettings;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.deadline.AbstractDeadlineManager;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.DefaultDeadlineManagerSpanFactory;
import org.axonframework.lifecycle.Lifecycle;
import org.axonframework.lifecycle.Phase;
import org.axonframework.messaging.ScopeAwareProvider;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.serialization.Serializer;
import org.axonframework.tracing.NoOpSpanFactory;
import org.axonframework.tracing.Span;
import org.bson.BsonDocument;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.axonframework.common.BuilderUtils.assertNonNull;
import static org.axonframework.common.BuilderUtils.assertThat;
import static org.axonframework.deadline.GenericDeadlineMessage.asDeadlineMessage;

/**
 * Axon's {@link org.axonframework.deadline.DeadlineManager} with deadlines stored as documents in collection
 * {@value CairnCollections#DEADLINES}, so they survive restarts and are shared by every node on the database.
 * <ul>
 *     <li>{@code schedule} stores the deadline (on prepare-commit of the current unit of work, or at once);
 *     {@code cancelSchedule}, {@code cancelAll} and {@code cancelAllWithinScope} delete the matching documents
 *     (a cancel also wins over a handler running at that moment: the deadline is not retried).</li>
 *     <li>Each manager polls every {@code pollInterval} for due deadlines and claims each with a version-checked
 *     update: with several nodes exactly one claims and fires it. Deadlines that fell due while no node ran fire
 *     at start-up; a deadline claimed by a node that died is taken over when its {@code lease} expires, judged on
 *     the database's clock (ADR 71).</li>
 *     <li>A failing handler is retried with exponential backoff ({@code retryBackoff}, doubling, at most
 *     {@code maxBackoff}) until {@code maxAttempts} ran, then parked: {@link #parked()} lists it and
 *     {@link #retryParked(String)} schedules it again. An {@code AxonNonTransientException} parks at once, also as
 *     the cause of the {@code MessageHandlerInvocationException} Axon wraps an aggregate's handler failure in. A command
 *     whose idempotency key another send still holds ({@code IdempotencyKeyInProgressException} in the cause chain)
 *     is waited for, retried without using up an attempt, for up to 24 h after the deadline's due time.</li>
 * </ul>
 * Defaults: collection {@value CairnCollections#DEADLINES}, Cairn's serializer, no transaction manager, no-op spans,
 * poll interval 1 s, lease 1 min, 5 attempts, backoff 1 s doubling up to 1 min, node id {@code host-pid-xxxx}
 * ({@link NodeId#generate()}), UTC clock for due times, leases on the database's clock ({@link LeaseClock#database()}),
 * index creation on, {@link StoredJsonFormat#configured()} as the stored JSON format. Required: {@code database} and
 * {@code scopeAwareProvider}. Polling starts with Axon's lifecycle (or {@link #start()}) and stops on
 * {@link #shutdown()}.
 */
public class MongoDeadlineManager extends AbstractDeadlineManager implements Lifecycle {

    private final DeadlineManagerSpanFactory spanFactory;
    private final DeadlineScheduler deadlines;

    protected MongoDeadlineManager(Builder builder) {
        builder.validate();
        this.spanFactory = builder.spanFactory;
        this.deadlines = new DeadlineScheduler(
                new DeadlineSettings(ReplicaSetConcerns.decisive(builder.database)
                                             .getCollection(builder.collectionName, BsonDocument.class),
                                     builder.serializer, builder.storedJsonFormat, builder.scopeAwareProvider,
                                     builder.transactionManager, builder.spanFactory, builder.pollInterval,
                                     builder.lease, builder.maxAttempts, builder.retryBackoff, builder.maxBackoff,
                                     builder.nodeId, builder.clock, builder.leaseClock, builder.indexCreation),
                this::handlerInterceptors);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String schedule(Instant triggerDateTime, String deadlineName,
                           Object messageOrPayload, ScopeDescriptor deadlineScope) {
        String deadlineId = DeadlineIds.next(deadlineName, deadlineScope);
        DeadlineMessage<Object> message = DeadlineIds.identified(
                asDeadlineMessage(deadlineName, messageOrPayload, triggerDateTime), deadlineId);
        Span span = spanFactory.createScheduleSpan(deadlineName, deadlineId, message);
        runOnPrepareCommitOrNow(span.wrapRunnable(() -> deadlines.schedule(
                deadlineId, deadlineName, deadlineScope, triggerDateTime, processDispatchInterceptors(message))));
        return deadlineId;
    }

    @Override
    public void cancelSchedule(String deadlineName, String scheduleId) {
        Span span = spanFactory.createCancelScheduleSpan(deadlineName, scheduleId);
        runOnPrepareCommitOrNow(span.wrapRunnable(() -> deadlines.cancel(scheduleId)));
    }

    @Override
    public void cancelAll(String deadlineName) {
        Span span = spanFactory.createCancelAllSpan(deadlineName);
        runOnPrepareCommitOrNow(span.wrapRunnable(() -> deadlines.cancelAll(deadlineName)));
    }

    @Override
    public void cancelAllWithinScope(String deadlineName, ScopeDescriptor scope) {
        Span span = spanFactory.createCancelAllWithinScopeSpan(deadlineName, scope);
        runOnPrepareCommitOrNow(span.wrapRunnable(() -> deadlines.cancelAll(deadlineName, scope)));
    }

    /** @return the parked deadlines, parked longest ago first */
    public List<ParkedDeadline> parked() {
        return deadlines.parked();
    }

    /** Schedules a parked deadline again, due now, with fresh attempts; {@code false} when none has that id. */
    public boolean retryParked(String deadlineId) {
        return deadlines.retryParked(deadlineId);
    }

    /** Starts polling for due deadlines; idempotent. */
    public void start() {
        deadlines.start();
    }

    /** Stops polling, letting a running handler finish (up to 10 s); deadlines stay stored. */
    @Override
    public void shutdown() {
        deadlines.stop(Duration.ofSeconds(10));
    }

    @Override
    public void registerLifecycleHandlers(LifecycleRegistry lifecycle) {
        lifecycle.onStart(Phase.INBOUND_EVENT_CONNECTORS, this::start);
        lifecycle.onShutdown(Phase.INBOUND_EVENT_CONNECTORS, this::shutdown);
    }

    /** @return the id this manager claims deadlines under */
    public String nodeId() {
        return deadlines.nodeId();
    }

    /**
     * Builds a {@link MongoDeadlineManager}; setters fail fast. Required: {@link #database}, {@link
     * #scopeAwareProvider}. Defaults are listed on {@link MongoDeadlineManager}.
     */
    public static class Builder {

        private MongoDatabase database;
        private ScopeAwareProvider scopeAwareProvider;
        private String collectionName = CairnCollections.DEADLINES;
        private Serializer serializer = CairnSerializers.defaultSerializer();
        private TransactionManager transactionManager = NoTransactionManager.INSTANCE;
        private DeadlineManagerSpanFactory spanFactory =
                DefaultDeadlineManagerSpanFactory.builder().spanFactory(NoOpSpanFactory.INSTANCE).build();
        private Duration pollInterval = Duration.ofSeconds(1);
        private Duration lease = Duration.ofMinutes(1);
        private int maxAttempts = 5;
        private Duration retryBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofMinutes(1);
        private String nodeId = NodeId.generate().value();
        private Clock clock = Clock.systemUTC();
        private LeaseClock leaseClock = LeaseClock.database();
        private boolean indexCreation = true;
        private StoredJsonFormat storedJsonFormat = StoredJsonFormat.configured();

        public Builder database(MongoDatabase database) {
            assertNonNull(database, "The database may not be null");
            this.database = database;
            return this;
        }

        /** Finds the aggregates and sagas a deadline targets, e.g. {@code new ConfigurationScopeAwareProvider(c)}. */
        public Builder scopeAwareProvider(ScopeAwareProvider scopeAwareProvider) {
            assertNonNull(scopeAwareProvider, "The ScopeAwareProvider may not be null");
            this.scopeAwareProvider = scopeAwareProvider;
            return this;
        }

        public Builder collectionName(String collectionName) {
            assertThat(collectionName, n -> n != null && !n.isBlank(), "The collection name may not be blank");
            this.collectionName = collectionName;
            return this;
        }

        /** @return {@code collections} with the deadline collection this builder names (ADR 73) */
        public CairnCollections collections(CairnCollections collections) {
            assertNonNull(collections, "The collections may not be null");
            return collections.with(CairnCollections.Role.DEADLINES, collectionName);
        }

        /** Serializes payloads, meta data and scopes; JSON keeps documents readable. */
        public Builder serializer(Serializer serializer) {
            assertNonNull(serializer, "The serializer may not be null");
            this.serializer = serializer;
            return this;
        }

        public Builder transactionManager(TransactionManager transactionManager) {
            assertNonNull(transactionManager, "The TransactionManager may not be null");
            this.transactionManager = transactionManager;
            return this;
        }

        public Builder spanFactory(DeadlineManagerSpanFactory spanFactory) {
            assertNonNull(spanFactory, "The span factory may not be null");
            this.spanFactory = spanFactory;
            return this;
        }

        /**
         * How often to look for due deadlines: a deadline fires at the first poll after it fell due, except one this
         * node scheduled due sooner than the next poll, which wakes the manager on time.
         */
        public Builder pollInterval(Duration pollInterval) {
            assertThat(pollInterval, d -> d != null && !d.isNegative() && !d.isZero(), "The poll interval must be positive");
            this.pollInterval = pollInterval;
            return this;
        }

        /** How long a claimed deadline belongs to its node; must exceed the longest handler run. */
        public Builder lease(Duration lease) {
            assertThat(lease, d -> d != null && !d.isNegative() && !d.isZero(), "The lease must be positive");
            this.lease = lease;
            return this;
        }

        /** How many times a handler runs before its deadline is parked. */
        public Builder maxAttempts(int maxAttempts) {
            assertThat(maxAttempts, n -> n >= 1, "At least one attempt is needed");
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** The wait before the first retry (doubled before each next one) and its cap. */
        public Builder retryBackoff(Duration first, Duration max) {
            assertThat(first, d -> d != null && !d.isNegative(), "The first backoff may not be negative");
            assertThat(max, d -> d != null && d.compareTo(first) >= 0, "The maximum backoff must be at least the first");
            this.retryBackoff = first;
            this.maxBackoff = max;
            return this;
        }

        public Builder nodeId(String nodeId) {
            assertThat(nodeId, n -> n != null && !n.isBlank(), "The node id may not be blank");
            this.nodeId = nodeId;
            return this;
        }

        /**
         * This node's clock: when deadlines are due, and the {@code leaseUntil} nodes of the release before ADR 71
         * judge claims by. Claims themselves expire on the {@link #leaseClock(LeaseClock) lease clock}.
         */
        public Builder clock(Clock clock) {
            assertNonNull(clock, "The clock may not be null");
            this.clock = clock;
            return this;
        }

        /**
         * Whose clock a running deadline's lease is taken and judged on. Defaults to {@link LeaseClock#database()};
         * {@link LeaseClock#of(Clock)} is the seam through which a test drives time.
         */
        public Builder leaseClock(LeaseClock leaseClock) {
            assertNonNull(leaseClock, "The lease clock may not be null");
            this.leaseClock = leaseClock;
            return this;
        }

        /**
         * Sets whether building the manager creates the indexes of its collection. Defaults to {@code true}. With
         * {@code false} (a user without the {@code createIndex} privilege) the build only checks them and fails with a
         * {@link dev.cairn.eventstore.mongo.support.MissingIndexException} naming the first missing one.
         */
        public Builder indexCreation(boolean indexCreation) {
            this.indexCreation = indexCreation;
            return this;
        }

        /**
         * Sets the format in which deadline payloads and meta data are written (ADR 72). Defaults to {@link
         * StoredJsonFormat#configured()}. Write format 2 only once every node runs a release that reads it.
         */
        public Builder storedJsonFormat(StoredJsonFormat storedJsonFormat) {
            assertNonNull(storedJsonFormat, "The stored JSON format may not be null");
            this.storedJsonFormat = storedJsonFormat;
            return this;
        }

        public MongoDeadlineManager build() {
            return new MongoDeadlineManager(this);
        }

        protected void validate() throws AxonConfigurationException {
            assertNonNull(database, "The database is a hard requirement and should be provided");
            assertNonNull(scopeAwareProvider, "The ScopeAwareProvider is a hard requirement and should be provided");
        }
    }
}
