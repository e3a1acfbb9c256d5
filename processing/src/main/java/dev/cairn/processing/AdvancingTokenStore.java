package dev.cairn.processing;

import org.axonframework.common.AxonConfigurationException;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import static org.axonframework.common.BuilderUtils.assertNonNull;
import static org.axonframework.common.BuilderUtils.assertThat;

/**
 * A token store that moves an idle segment's token over the events its processor consumed without handling them.
 * <p>
 * Axon's pooled processor stores a segment's token when it processes a batch; events the segment does not handle
 * (another segment's, or types no handler takes) advance only its in-memory token, stored with the next batch or, at
 * most once per claim-extension threshold, when the next such event arrives. At rest, and at shutdown, the stored
 * token therefore stays behind the events the processor is done with: a status shows lag that is not there, and a
 * restart reads those events again. This store, when asked to extend a claim, stores the processor's consumed token
 * instead whenever it is ahead of the stored one, and extends the claim in storage only once per
 * {@link Builder#claimExtensionInterval(Duration)}; so the processor may ask often (a short
 * {@code claimExtensionThreshold}). {@link #advanceIdle(String)} does the same for every segment the processor runs,
 * for a shutdown hook before the processor stops.
 * <p>
 * Only a token the processor reports in its processing status is stored, and only when it covers the stored one: the
 * status advances after a batch's token was stored, or over events the segment does not handle, so no event a segment
 * handles is ever skipped, and a token never goes back.
 * <p>
 * {@link #storeDeferrable} is for a batch whose effects need no token to say they happened (ADR 90): its token is
 * written only when the segment was last written {@link Builder#deferTokensWithin(Duration)} ago or more, and is
 * otherwise left to the next store, the next claim extension, {@link #advanceIdle(String)} or the claim's release,
 * each of which stores the consumed token when it is ahead of the stored one.
 */
public final class AdvancingTokenStore implements TokenStore {

    /** How long a deferrable token waits for the segment's next write, unless the builder sets otherwise (ADR 90). */
    public static final Duration DEFAULT_TOKEN_DEFERRAL = Duration.ofMillis(50);

    private final TokenStore delegate;
    private final Function<String, Optional<StreamingEventProcessor>> processors;
    private final long intervalNanos;
    private final long deferNanos;
    private final Map<String, Stored> stored = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    private AdvancingTokenStore(Builder builder) {
        builder.validate();
        this.delegate = builder.delegate;
        this.processors = builder.processors;
        this.intervalNanos = builder.claimExtensionInterval.toNanos();
        this.deferNanos = builder.deferTokensWithin.toNanos();
    }

    /**
     * @return a builder; the delegate and the processor lookup are required, the claim-extension interval defaults to
     * 3 seconds, deferrable tokens are written at most every 50 milliseconds
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Stores, for every segment processor {@code processorName} runs in this process, the token it consumed when it is
     * ahead of the stored one.
     */
    public void advanceIdle(String processorName) {
        processors.apply(processorName).ifPresent(processor -> processor.processingStatus().keySet().forEach(
                segment -> {
                    synchronized (lock(processorName, segment)) {
                        advance(processorName, segment);
                    }
                }));
    }

    /**
     * Stores the token; asked while a unit of work prepares its commit (as Axon's pooled processor asks first, before
     * the batch's handlers' own writes), it stores it in the commit phase instead: after the saga state, deadlines and
     * read-model writes the batch prepared, so that a node killed in between delivers the batch again rather than
     * losing those writes.
     */
    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) {
        inCommitPhase(() -> storeNow(token, processorName, segment));
    }

    /**
     * Stores the token of a batch that changed nothing a token must follow (ADR 90), unless this process wrote the
     * segment's token or claim less than {@link Builder#deferTokensWithin(Duration)} ago; then the token is left for
     * the next store, claim extension, {@link #advanceIdle(String)} or release, as the processor's consumed token. A
     * segment whose stored token this process does not know is stored at once. Asked while a unit of work prepares its
     * commit, it decides in the commit phase, as {@link #storeToken} does.
     */
    public void storeDeferrable(TrackingToken token, String processorName, int segment) {
        inCommitPhase(() -> storeUnlessRecent(token, processorName, segment));
    }

    /** Runs {@code store} now, or in the commit phase of a unit of work that is preparing its commit. */
    private static void inCommitPhase(Runnable store) {
        if (CurrentUnitOfWork.isStarted()
                && CurrentUnitOfWork.get().phase() == UnitOfWork.Phase.PREPARE_COMMIT) {
            CurrentUnitOfWork.get().onCommit(u -> store.run());
            return;
        }
        store.run();
    }

    private void storeUnlessRecent(TrackingToken token, String processorName, int segment) {
        synchronized (lock(processorName, segment)) {
            Stored last = stored.get(key(processorName, segment));
            if (last != null && last.known() && System.nanoTime() - last.at() < deferNanos) {
                return;
            }
            storeNow(token, processorName, segment);
        }
    }

    private void storeNow(TrackingToken token, String processorName, int segment) {
        synchronized (lock(processorName, segment)) {
            delegate.storeToken(token, processorName, segment);
            stored.put(key(processorName, segment), new Stored(token, System.nanoTime()));
        }
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) {
        synchronized (lock(processorName, segment)) {
            TrackingToken token = delegate.fetchToken(processorName, segment);
            stored.put(key(processorName, segment), new Stored(token, System.nanoTime()));
            return token;
        }
    }

    @Override
    public TrackingToken fetchToken(String processorName, Segment segment) {
        synchronized (lock(processorName, segment.getSegmentId())) {
            TrackingToken token = delegate.fetchToken(processorName, segment);
            stored.put(key(processorName, segment.getSegmentId()), new Stored(token, System.nanoTime()));
            return token;
        }
    }

    @Override
    public void extendClaim(String processorName, int segment) {
        synchronized (lock(processorName, segment)) {
            if (advance(processorName, segment)) {
                return; // storing the token extended the claim
            }
            Stored last = stored.get(key(processorName, segment));
            long now = System.nanoTime();
            if (last == null || now - last.at() >= intervalNanos) {
                delegate.extendClaim(processorName, segment);
                stored.put(key(processorName, segment), new Stored(last == null ? null : last.token(), now,
                                                                   last != null));
            }
        }
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        synchronized (lock(processorName, segment)) {
            try {
                // a deferred token (ADR 90) is stored before the next owner reads it; a status already gone leaves it
                advance(processorName, segment);
            } catch (RuntimeException storeRefused) {
                // the claim went elsewhere: the token stays where it was, and the release below still runs
            }
            stored.remove(key(processorName, segment));
            delegate.releaseClaim(processorName, segment);
        }
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount) {
        delegate.initializeTokenSegments(processorName, segmentCount);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken) {
        delegate.initializeTokenSegments(processorName, segmentCount, initialToken);
    }

    @Override
    public void initializeSegment(TrackingToken token, String processorName, int segment) {
        delegate.initializeSegment(token, processorName, segment);
    }

    @Override
    public void deleteToken(String processorName, int segment) {
        synchronized (lock(processorName, segment)) {
            stored.remove(key(processorName, segment));
            delegate.deleteToken(processorName, segment);
        }
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return delegate.requiresExplicitSegmentInitialization();
    }

    @Override
    public int[] fetchSegments(String processorName) {
        return delegate.fetchSegments(processorName);
    }

    @Override
    public List<Segment> fetchAvailableSegments(String processorName) {
        return delegate.fetchAvailableSegments(processorName);
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() {
        return delegate.retrieveStorageIdentifier();
    }

    /** @return whether the consumed token was ahead of the stored one and is now stored; called holding the lock */
    private boolean advance(String processorName, int segment) {
        Stored last = stored.get(key(processorName, segment));
        if (last == null || !last.known()) {
            return false; // this process did not claim the segment, or does not know its stored token
        }
        TrackingToken consumed = processors.apply(processorName)
                                           .map(processor -> processor.processingStatus().get(segment))
                                           .filter(status -> !status.isErrorState())
                                           .map(EventTrackerStatus::getTrackingToken).orElse(null);
        if (consumed == null || consumed.equals(last.token())
                // a replay that ended (replay token stored, gap-aware consumed): tokens of two kinds do not compare
                || (last.token() != null && consumed.getClass() != last.token().getClass())
                || (last.token() != null && !consumed.covers(last.token()))) {
            return false;
        }
        delegate.storeToken(consumed, processorName, segment);
        stored.put(key(processorName, segment), new Stored(consumed, System.nanoTime()));
        return true;
    }

    private Object lock(String processorName, int segment) {
        return locks.computeIfAbsent(key(processorName, segment), key -> new Object());
    }

    private static String key(String processorName, int segment) {
        return processorName + '#' + segment;
    }

    /** The token this process last stored or fetched for a segment, and when it last wrote the segment's claim. */
    private record Stored(TrackingToken token, long at, boolean known) {
        Stored(TrackingToken token, long at) {
            this(token, at, true);
        }
    }

    /**
     * Builds an {@link AdvancingTokenStore}.
     */
    public static final class Builder {

        private TokenStore delegate;
        private Function<String, Optional<StreamingEventProcessor>> processors;
        private Duration claimExtensionInterval = Duration.ofSeconds(3);
        private Duration deferTokensWithin = DEFAULT_TOKEN_DEFERRAL;

        /** Sets the token store that stores. Required. */
        public Builder delegate(TokenStore delegate) {
            assertNonNull(delegate, "The delegate token store may not be null");
            this.delegate = delegate;
            return this;
        }

        /** Sets how to find the processor of a name (as the delegate stores it) running in this process. Required. */
        public Builder processors(Function<String, Optional<StreamingEventProcessor>> processors) {
            assertNonNull(processors, "The processor lookup may not be null");
            this.processors = processors;
            return this;
        }

        /**
         * Sets how often a claim is extended in storage when nothing else was stored for its segment; a third of the
         * claim timeout is usual. Defaults to 3 seconds.
         */
        public Builder claimExtensionInterval(Duration interval) {
            assertNonNull(interval, "The claim extension interval may not be null");
            assertThat(interval, i -> !i.isNegative() && !i.isZero(), "The claim extension interval must be positive");
            this.claimExtensionInterval = interval;
            return this;
        }

        /**
         * Sets how long after a segment's last write a {@linkplain #storeDeferrable deferrable} token waits for the
         * next write (ADR 90): what a crash delivers again to handlers that changed nothing. Zero stores every token at
         * once. Defaults to {@link #DEFAULT_TOKEN_DEFERRAL}, 50 milliseconds.
         */
        public Builder deferTokensWithin(Duration within) {
            assertNonNull(within, "The token deferral may not be null");
            assertThat(within, w -> !w.isNegative(), "The token deferral may not be negative");
            this.deferTokensWithin = within;
            return this;
        }

        public AdvancingTokenStore build() {
            return new AdvancingTokenStore(this);
        }

        void validate() throws AxonConfigurationException {
            assertNonNull(delegate, "The delegate token store is a hard requirement and should be provided");
            assertNonNull(processors, "The processor lookup is a hard requirement and should be provided");
        }
    }
}
