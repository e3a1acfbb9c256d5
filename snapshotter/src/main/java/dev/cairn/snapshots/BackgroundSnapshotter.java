package dev.cairn.snapshots;

import dev.cairn.aggregates.SnapshotPolicy;
import dev.cairn.eventstore.mongo.SnapshotCatalog;
import dev.cairn.processing.MongoTokenStore;
import dev.cairn.snapshots.internal.DueAggregates;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.axonframework.common.BuilderUtils.assertNonNull;
import static org.axonframework.common.BuilderUtils.assertThat;

/**
 * Follows the global event stream and snapshots every aggregate that is at least its type's threshold of events past
 * its last (current-revision) snapshot, so aggregates written by other nodes or services get snapshots too.
 * <p>
 * One daemon thread reads batches from the event store's stream, looks up the existing snapshots of the batch's
 * aggregates with one query, snapshots those past the threshold through the {@link CairnSnapshotter} (on this
 * thread, under the same one-at-a-time guard as the command path) and then stores its position as the token of
 * processor {@code <name>}, segment 0, in the projections' token store ({@code cairn_tokens}). It works only while it
 * holds that segment's claim: several instances with one name (one per application node) share the work, one at a
 * time, and another takes over when the holder stops or dies (after the claim timeout). After a restart it resumes
 * after the stored position; a crash repeats at most one batch.
 * <p>
 * Built with {@link #builder()}: event source, snapshotter, snapshot catalog, snapshot policy and token store are
 * required. Options default to {@link BackgroundOptions#defaults()}.
 */
public final class BackgroundSnapshotter {

    private static final Logger logger = LoggerFactory.getLogger(BackgroundSnapshotter.class);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(1);

    private final String name;
    private final StreamableMessageSource<TrackedEventMessage<?>> eventSource;
    private final CairnSnapshotter snapshotter;
    private final DueAggregates due;
    private final MongoTokenStore tokens;
    private final int batchSize;
    private final Duration pollInterval;
    private final AtomicLong eventsRead = new AtomicLong();
    private final AtomicLong snapshotsTaken = new AtomicLong();
    private volatile TrackingToken position;
    private volatile boolean running;
    private Thread thread;

    private BackgroundSnapshotter(Builder builder) {
        builder.validate();
        this.name = builder.options.name();
        this.eventSource = builder.eventSource;
        this.snapshotter = builder.snapshotter;
        this.due = new DueAggregates(builder.policy, builder.snapshots);
        this.tokens = builder.tokenStore;
        this.batchSize = builder.options.batchSize();
        this.pollInterval = builder.options.pollInterval();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts following the stream from the saved position (from the beginning the first time).
     */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stops after the current batch (its position is saved) and waits for the thread to end.
     */
    public synchronized void shutdown() {
        running = false;
        if (thread != null) {
            try {
                thread.join(Math.max(10_000, pollInterval.toMillis() * 4));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
            try {
                tokens.releaseClaim(name, 0); // another instance may take over at once
            } catch (RuntimeException e) {
                logger.debug("Background snapshotter [{}] could not release its claim", name, e);
            }
        }
    }

    /** @return the events processed (snapshots taken, position saved) since this instance started */
    public long eventsRead() {
        return eventsRead.get();
    }

    /** @return the snapshots this instance took */
    public long snapshotsTaken() {
        return snapshotsTaken.get();
    }

    /** @return the position after the last processed batch, {@code null} before any */
    public TrackingToken position() {
        return position;
    }

    private void run() {
        while (running) {
            try {
                position = claim();
            } catch (UnableToClaimTokenException e) {
                // another instance with this name holds the work: look again after a pause
                pause();
                continue;
            } catch (RuntimeException e) {
                logger.warn("Background snapshotter [{}] cannot read its position, retrying in {}: {}", name,
                            RETRY_DELAY, e.toString());
                pause();
                continue;
            }
            try (BlockingStream<TrackedEventMessage<?>> stream = eventSource.openStream(position)) {
                while (running) {
                    List<TrackedEventMessage<?>> batch = nextBatch(stream);
                    if (!batch.isEmpty()) {
                        process(batch);
                        TrackingToken last = batch.get(batch.size() - 1).trackingToken();
                        tokens.storeToken(last, name, 0); // also refreshes the claim; refused once it was lost
                        position = last;
                        eventsRead.addAndGet(batch.size());
                    } else {
                        tokens.extendClaim(name, 0);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (UnableToClaimTokenException e) {
                logger.info("Background snapshotter [{}] lost its claim; another instance continues: {}", name,
                            e.getMessage());
            } catch (RuntimeException e) {
                // the event store or database is unavailable: resume from the saved position after a pause
                logger.warn("Background snapshotter [{}] stopped reading the event stream, retrying in {}: {}",
                            name, RETRY_DELAY, e.toString());
                pause();
            }
        }
    }

    /** @return the stored position, once this instance holds the claim (the segment is created the first time) */
    private TrackingToken claim() {
        try {
            tokens.initializeTokenSegments(name, 1);
        } catch (UnableToClaimTokenException alreadyThere) {
            // created before, by this instance or another
        }
        return tokens.fetchToken(name, 0);
    }

    private List<TrackedEventMessage<?>> nextBatch(BlockingStream<TrackedEventMessage<?>> stream)
            throws InterruptedException {
        List<TrackedEventMessage<?>> batch = new ArrayList<>();
        if (stream.hasNextAvailable((int) pollInterval.toMillis(), TimeUnit.MILLISECONDS)) {
            while (batch.size() < batchSize && stream.hasNextAvailable()) {
                batch.add(stream.nextAvailable());
            }
        }
        return batch;
    }

    private void process(List<TrackedEventMessage<?>> batch) {
        due.in(batch).forEach((aggregateIdentifier, type) -> {
            if (snapshotter.snapshotNow(type, aggregateIdentifier) == SnapshotOutcome.TAKEN) {
                snapshotsTaken.incrementAndGet();
            }
        });
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_DELAY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * Builds a {@link BackgroundSnapshotter}. Setters fail fast; {@link #build()} validates the combination.
     */
    public static final class Builder {

        private BackgroundOptions options = BackgroundOptions.defaults();
        private StreamableMessageSource<TrackedEventMessage<?>> eventSource;
        private CairnSnapshotter snapshotter;
        private SnapshotPolicy policy;
        private SnapshotCatalog snapshots;
        private MongoTokenStore tokenStore;

        /** Sets all options at once. Defaults to {@link BackgroundOptions#defaults()}. */
        public Builder options(BackgroundOptions options) {
            assertNonNull(options, "The background options may not be null");
            this.options = options;
            return this;
        }

        /** Sets the name, the key of its position document and its thread's name. */
        public Builder name(String name) {
            return options(options.withName(name));
        }

        /** Sets the most events processed between two saved positions. Defaults to 1,000. */
        public Builder batchSize(int batchSize) {
            return options(options.withBatchSize(batchSize));
        }

        /** Sets how long one wait for new events lasts (also bounds how long shutdown waits). Defaults to 500 ms. */
        public Builder pollInterval(Duration pollInterval) {
            return options(options.withPollInterval(pollInterval));
        }

        /** Sets the event store (or any streamable source of its events) to follow. Required. */
        public Builder eventSource(StreamableMessageSource<TrackedEventMessage<?>> eventSource) {
            assertNonNull(eventSource, "The event source may not be null");
            this.eventSource = eventSource;
            return this;
        }

        /** Sets the snapshotter that takes the snapshots. Required. */
        public Builder snapshotter(CairnSnapshotter snapshotter) {
            assertNonNull(snapshotter, "The CairnSnapshotter may not be null");
            this.snapshotter = snapshotter;
            return this;
        }

        /** Sets the application's snapshot policy: which aggregate classes to snapshot, and when. Required. */
        public Builder policy(SnapshotPolicy policy) {
            assertNonNull(policy, "The snapshot policy may not be null");
            this.policy = policy;
            return this;
        }

        /** Sets the event store's snapshot catalog ({@code MongoEventStorageEngine.snapshots()}). Required. */
        public Builder snapshots(SnapshotCatalog snapshots) {
            assertNonNull(snapshots, "The snapshot catalog may not be null");
            this.snapshots = snapshots;
            return this;
        }

        /** Sets the token store holding its position and claim (processor {@code <name>}, segment 0). Required. */
        public Builder tokenStore(MongoTokenStore tokenStore) {
            assertNonNull(tokenStore, "The token store may not be null");
            this.tokenStore = tokenStore;
            return this;
        }

        public BackgroundSnapshotter build() {
            return new BackgroundSnapshotter(this);
        }

        void validate() throws AxonConfigurationException {
            assertNonNull(eventSource, "The event source is a hard requirement and should be provided");
            assertNonNull(snapshotter, "The CairnSnapshotter is a hard requirement and should be provided");
            assertNonNull(snapshots, "The snapshot catalog is a hard requirement and should be provided");
            assertNonNull(policy, "The snapshot policy is a hard requirement and should be provided");
            assertNonNull(tokenStore, "The token store is a hard requirement and should be provided");
            if (policy.snapshottedTypes().isEmpty()) {
                throw new AxonConfigurationException("The background snapshotter needs at least one aggregate type "
                                                             + "with a threshold");
            }
        }
    }
}
