package dev.cairn.snapshots;

import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.snapshots.internal.Counters;
import dev.cairn.snapshots.internal.InFlight;
import dev.cairn.snapshots.internal.SnapshotFactory;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.axonframework.common.BuilderUtils.assertNonNull;

/**
 * An Axon {@link Snapshotter} that takes snapshots off the command path.
 * <ul>
 *     <li>{@link #scheduleSnapshot} called inside a unit of work waits until it has committed; a rolled back command
 *     requests nothing.</li>
 *     <li>Snapshots run on a fixed pool of daemon threads fed by a bounded queue. When the queue is full the request
 *     is dropped and counted; the committing thread never blocks and never sees an exception.</li>
 *     <li>One aggregate is never snapshotted twice at once. A request arriving while its aggregate is being
 *     snapshotted is merged into a single re-run after the running one, so the newest events get covered.</li>
 *     <li>A failing snapshot is logged once with its aggregate id and counted; it never reaches a command.</li>
 * </ul>
 * The snapshot itself is built by Axon's {@code AggregateSnapshotter} logic from the aggregate factories of the Axon
 * configuration, and stored through the event store (which keeps the newest snapshot per aggregate).
 * <p>
 * Built with {@link #builder()}; only {@link Builder#configuration(Configuration)} is required. Defaults: 1 thread,
 * queue capacity 1,000, shutdown timeout 10 seconds.
 */
public class CairnSnapshotter implements Snapshotter {

    private static final Logger logger = LoggerFactory.getLogger(CairnSnapshotter.class);

    private final Configuration configuration;
    private final ThreadPoolExecutor executor;
    private final Duration shutdownTimeout;
    private final Counters counters = new Counters();
    /** a request merged into a pending re-run is covered by it: counted as skipped */
    private final InFlight<Key> inFlight = new InFlight<>(counters::skipped);
    private volatile SnapshotFactory factory;

    /**
     * Creates a snapshotter from a validated builder and starts its (idle) thread pool lazily.
     */
    protected CairnSnapshotter(Builder builder) {
        builder.validate();
        this.configuration = builder.configuration;
        SnapshotterOptions options = builder.options;
        this.shutdownTimeout = options.shutdownTimeout();
        this.executor = new ThreadPoolExecutor(options.threads(), options.threads(), 0, TimeUnit.MILLISECONDS,
                                               new ArrayBlockingQueue<>(options.queueCapacity()),
                                               new DaemonThreads(), new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * @return a builder; only the Axon configuration is required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Requests a snapshot of the aggregate, asynchronously; inside a unit of work only once it has committed.
     */
    @Override
    public void scheduleSnapshot(Class<?> aggregateType, String aggregateIdentifier) {
        if (CurrentUnitOfWork.isStarted()
                && CurrentUnitOfWork.get().phase().isBefore(UnitOfWork.Phase.COMMIT)) {
            CurrentUnitOfWork.get().afterCommit(u -> submit(new Key(aggregateType, aggregateIdentifier)));
        } else {
            submit(new Key(aggregateType, aggregateIdentifier));
        }
    }

    /**
     * Takes a snapshot of the aggregate now, on the calling thread, unless one is already running for it (then that
     * one runs again afterwards). Failures are logged and counted as for scheduled snapshots, not thrown.
     *
     * @return what happened
     */
    public SnapshotOutcome snapshotNow(Class<?> aggregateType, String aggregateIdentifier) {
        Key key = new Key(aggregateType, aggregateIdentifier);
        if (!inFlight.acquire(key)) {
            return SnapshotOutcome.ALREADY_RUNNING;
        }
        SnapshotOutcome first = take(key);
        inFlight.rerunWhileRequested(key, () -> take(key));
        return first;
    }

    /**
     * @return the counters since this snapshotter was built
     */
    public SnapshotMetrics metrics() {
        MongoEventStorageEngine engine = configuration.getComponent(MongoEventStorageEngine.class);
        return counters.read(engine == null ? 0 : engine.ignoredSnapshots());
    }

    /**
     * @return the number of aggregates being snapshotted or waiting in the queue
     */
    public int inFlight() {
        return inFlight.size();
    }

    /**
     * Waits until no snapshot is running or queued, for tests and orderly hand-overs.
     *
     * @return {@code false} when the timeout passed first
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.size() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /**
     * Stops accepting requests and waits up to the shutdown timeout for queued and running snapshots.
     */
    public void shutdown() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                logger.warn("Snapshots still running after {}; interrupting them", shutdownTimeout);
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void submit(Key key) {
        if (!inFlight.acquire(key)) {
            return;
        }
        try {
            executor.execute(() -> {
                take(key);
                inFlight.rerunWhileRequested(key, () -> take(key));
            });
        } catch (RejectedExecutionException e) {
            // queue full or shut down: the command must not notice, the metrics must
            inFlight.release(key);
            counters.dropped();
        }
    }

    private SnapshotOutcome take(Key key) {
        long start = System.nanoTime();
        try {
            EventStore eventStore = configuration.eventStore();
            DomainEventStream events = eventStore.readEvents(key.aggregateIdentifier());
            if (!events.hasNext()) {
                counters.skipped();
                return SnapshotOutcome.NOT_NEEDED;
            }
            long firstSequenceNumber = events.peek().getSequenceNumber();
            DomainEventMessage<?> snapshot = factory().snapshotOf(key.aggregateType(), key.aggregateIdentifier(),
                                                                  events);
            // a snapshot that replaces at most the snapshot or single event it was built from is not worth a write
            if (snapshot == null || snapshot.getSequenceNumber() <= firstSequenceNumber) {
                counters.skipped();
                return SnapshotOutcome.NOT_NEEDED;
            }
            eventStore.storeSnapshot(snapshot);
            counters.taken(System.nanoTime() - start);
            return SnapshotOutcome.TAKEN;
        } catch (Exception | LinkageError e) {
            counters.failed();
            logger.warn("Snapshot of aggregate [{}] of type [{}] failed; it is loaded from its events until the next "
                                + "attempt: {}", key.aggregateIdentifier(), key.aggregateType().getName(),
                        e.toString(), logger.isDebugEnabled() ? e : null);
            return SnapshotOutcome.FAILED;
        }
    }

    private SnapshotFactory factory() {
        SnapshotFactory current = factory;
        if (current == null) {
            // built on first use: the configuration's aggregates are complete only once it is built
            synchronized (this) {
                if (factory == null) {
                    factory = SnapshotFactory.from(configuration);
                }
                current = factory;
            }
        }
        return current;
    }

    private record Key(Class<?> aggregateType, String aggregateIdentifier) {
    }

    private static final class DaemonThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable runnable) {
            Thread thread = new Thread(runnable, "cairn-snapshotter-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }

    /**
     * Builds a {@link CairnSnapshotter}. Setters fail fast; {@link #build()} validates the combination.
     */
    public static class Builder {

        private Configuration configuration;
        private SnapshotterOptions options = SnapshotterOptions.defaults();

        /**
         * Sets the Axon configuration whose event store and aggregates are snapshotted. Required.
         */
        public Builder configuration(Configuration configuration) {
            assertNonNull(configuration, "The Axon Configuration may not be null");
            this.configuration = configuration;
            return this;
        }

        /**
         * Sets all options at once. Defaults to {@link SnapshotterOptions#defaults()}.
         */
        public Builder options(SnapshotterOptions options) {
            assertNonNull(options, "The snapshotter options may not be null");
            this.options = options;
            return this;
        }

        /**
         * Sets how many snapshots may be taken at the same time (of different aggregates). Defaults to 1.
         */
        public Builder threads(int threads) {
            return options(options.withThreads(threads));
        }

        /**
         * Sets how many requests may wait for a thread; beyond that they are dropped. Defaults to 1,000.
         */
        public Builder queueCapacity(int queueCapacity) {
            return options(options.withQueueCapacity(queueCapacity));
        }

        /**
         * Sets how long {@link #shutdown()} waits for queued and running snapshots. Defaults to 10 seconds.
         */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            return options(options.withShutdownTimeout(shutdownTimeout));
        }

        /**
         * @return a new snapshotter
         * @throws AxonConfigurationException when the configuration is missing
         */
        public CairnSnapshotter build() {
            return new CairnSnapshotter(this);
        }

        protected void validate() throws AxonConfigurationException {
            assertNonNull(configuration, "The Axon Configuration is a hard requirement and should be provided");
        }
    }
}
