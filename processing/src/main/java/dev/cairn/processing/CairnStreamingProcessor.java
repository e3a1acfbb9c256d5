package dev.cairn.processing;

import dev.cairn.processing.internal.streaming.Reader;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.UnableToInitializeTokenException;
import org.axonframework.lifecycle.Lifecycle;
import org.axonframework.lifecycle.Phase;
import org.axonframework.messaging.StreamableMessageSource;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.stream.IntStream;

import static org.axonframework.common.BuilderUtils.assertNonNull;
import static org.axonframework.common.BuilderUtils.assertThat;

/**
 * A {@link StreamingEventProcessor} that reads one stream, routes each event to the one segment its sequence
 * identifier falls in, and hands whole batches to one worker thread per claimed segment (ADR 93). Handlers run through
 * Axon's own machinery ({@code processInUnitOfWork}: interceptors, message monitor, error handler, the invoker); tokens
 * are claimed, extended, stored and released through the {@link TokenStore} as Axon's pooled processor does.
 * <p>
 * Defaults: any throwable rolls a batch back, 2 initial segments, batches of 100, a claim interval of 250 ms, a claim
 * extension every 200 ms, no limit on segments per node, the tail as initial token. Splitting and merging segments is
 * not supported.
 */
public final class CairnStreamingProcessor extends AbstractEventProcessor
        implements StreamingEventProcessor, Lifecycle {

    private final StreamableMessageSource<TrackedEventMessage<?>> source;
    private final TokenStore tokenStore;
    private final TransactionManager transactionManager;
    private final Function<StreamableMessageSource<TrackedEventMessage<?>>, TrackingToken> initialToken;
    private final int initialSegments;
    private final Reader.Settings settings;
    private volatile Reader reader;
    private volatile Thread thread;

    private CairnStreamingProcessor(Builder builder) {
        super(builder);
        this.source = builder.source;
        this.tokenStore = builder.tokenStore;
        this.transactionManager = builder.transactionManager;
        this.initialToken = builder.initialToken;
        this.initialSegments = builder.initialSegments;
        IntSupplier maxSegments = builder.maxSegments == null ? () -> Integer.MAX_VALUE
                : () -> builder.maxSegments.apply(getName());
        this.settings = new Reader.Settings(getName(), source, tokenStore, transactionManager, builder.policy,
                                            maxSegments, builder.batchSize, builder.claimInterval,
                                            builder.claimExtension, this::canHandleType,
                                            (events, unitOfWork, segment) -> processInUnitOfWork(events, unitOfWork,
                                                                                                 Set.of(segment)),
                                            segment -> eventHandlerInvoker().segmentReleased(segment));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts and stops with the application, as Axon's own processors do. */
    @Override
    public void registerLifecycleHandlers(LifecycleRegistry lifecycle) {
        lifecycle.onStart(Phase.INBOUND_EVENT_CONNECTORS, this::start);
        lifecycle.onShutdown(Phase.INBOUND_EVENT_CONNECTORS, this::shutdownAsync);
    }

    @Override
    public synchronized void start() {
        if (reader != null) {
            return;
        }
        transactionManager.executeInTransaction(() -> {
            if (tokenStore.fetchSegments(getName()).length == 0) {
                try {
                    tokenStore.initializeTokenSegments(getName(), initialSegments, initialToken.apply(source));
                } catch (UnableToInitializeTokenException | UnableToClaimTokenException e) {
                    // another node initialized them first
                }
            }
        });
        reader = new Reader(settings);
        thread = new Thread(reader, "CairnProcessor[" + getName() + "]");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void shutDown() {
        Reader running = reader;
        if (running == null) {
            return;
        }
        running.stop();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reader = null;
        thread = null;
    }

    @Override
    public CompletableFuture<Void> shutdownAsync() {
        return CompletableFuture.runAsync(this::shutDown);
    }

    @Override
    public boolean isRunning() {
        return reader != null;
    }

    @Override
    public boolean isError() {
        return processingStatus().values().stream().anyMatch(EventTrackerStatus::isErrorState);
    }

    @Override
    public String getTokenStoreIdentifier() {
        return transactionManager.fetchInTransaction(() -> tokenStore.retrieveStorageIdentifier()
                                                                     .orElse("--unknown--"));
    }

    @Override
    public void releaseSegment(int segmentId) {
        releaseSegment(segmentId, 2 * settings.claimInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void releaseSegment(int segmentId, long releaseDuration, TimeUnit unit) {
        Reader running = reader;
        if (running != null) {
            running.releaseSegment(segmentId, Duration.ofMillis(unit.toMillis(releaseDuration)));
        }
    }

    /** @return completes with whether this node holds the segment after trying to claim it; {@code false} if stopped */
    @Override
    public CompletableFuture<Boolean> claimSegment(int segmentId) {
        Reader running = reader;
        if (running == null) {
            return CompletableFuture.completedFuture(false);
        }
        CompletableFuture<Boolean> claimed = new CompletableFuture<>();
        running.claimSegment(segmentId, claimed);
        return claimed;
    }

    /** @return {@code false}: segments are set when the processor is first started */
    @Override
    public CompletableFuture<Boolean> splitSegment(int segmentId) {
        return CompletableFuture.completedFuture(false);
    }

    /** @return {@code false}: segments are set when the processor is first started */
    @Override
    public CompletableFuture<Boolean> mergeSegment(int segmentId) {
        return CompletableFuture.completedFuture(false);
    }

    @Override
    public boolean supportsReset() {
        return eventHandlerInvoker().supportsReset();
    }

    @Override
    public void resetTokens() {
        resetTokens(initialToken);
    }

    @Override
    public <R> void resetTokens(R resetContext) {
        resetTokens(initialToken, resetContext);
    }

    @Override
    public void resetTokens(Function<StreamableMessageSource<TrackedEventMessage<?>>, TrackingToken> initial) {
        resetTokens(initial.apply(source));
    }

    @Override
    public <R> void resetTokens(Function<StreamableMessageSource<TrackedEventMessage<?>>, TrackingToken> initial,
                                R resetContext) {
        resetTokens(initial.apply(source), resetContext);
    }

    @Override
    public void resetTokens(TrackingToken startPosition) {
        resetTokens(startPosition, null);
    }

    @Override
    public <R> void resetTokens(TrackingToken startPosition, R resetContext) {
        if (!supportsReset()) {
            throw new IllegalStateException("The handlers of processor [" + getName() + "] do not support a reset");
        }
        if (isRunning()) {
            throw new IllegalStateException("Processor [" + getName() + "] must be shut down before a reset");
        }
        transactionManager.executeInTransaction(() -> {
            int[] segments = tokenStore.fetchSegments(getName());
            TrackingToken[] tokens = Arrays.stream(segments).mapToObj(s -> tokenStore.fetchToken(getName(), s))
                                           .toArray(TrackingToken[]::new);
            eventHandlerInvoker().performReset(resetContext);
            IntStream.range(0, tokens.length).forEach(i -> tokenStore.storeToken(
                    ReplayToken.createReplayToken(tokens[i], startPosition, resetContext), getName(), segments[i]));
        });
    }

    @Override
    public int maxCapacity() {
        return Math.max(1, settings.maxSegments().getAsInt());
    }

    @Override
    public Map<Integer, EventTrackerStatus> processingStatus() {
        Reader running = reader;
        return running == null ? Map.of() : running.status();
    }

    /**
     * Builds a {@link CairnStreamingProcessor}: {@code name}, {@code eventHandlerInvoker}, {@code messageSource},
     * {@code tokenStore}, {@code transactionManager} and {@code sequencingPolicy} are required.
     */
    public static final class Builder extends AbstractEventProcessor.Builder {

        private StreamableMessageSource<TrackedEventMessage<?>> source;
        private TokenStore tokenStore;
        private TransactionManager transactionManager;
        private SequencingPolicy<? super TrackedEventMessage<?>> policy;
        private Function<String, Integer> maxSegments;
        private Function<StreamableMessageSource<TrackedEventMessage<?>>, TrackingToken> initialToken =
                StreamableMessageSource::createTailToken;
        private int initialSegments = 2;
        private int batchSize = 100;
        private Duration claimInterval = Duration.ofMillis(250);
        private Duration claimExtension = Duration.ofMillis(200);

        private Builder() {
            rollbackConfiguration(org.axonframework.messaging.unitofwork.RollbackConfigurationType.ANY_THROWABLE);
        }

        public Builder messageSource(StreamableMessageSource<TrackedEventMessage<?>> source) {
            assertNonNull(source, "The message source may not be null");
            this.source = source;
            return this;
        }

        public Builder tokenStore(TokenStore tokenStore) {
            assertNonNull(tokenStore, "The token store may not be null");
            this.tokenStore = tokenStore;
            return this;
        }

        public Builder transactionManager(TransactionManager transactionManager) {
            assertNonNull(transactionManager, "The transaction manager may not be null");
            this.transactionManager = transactionManager;
            return this;
        }

        /** The processing group's sequencing policy: which segment an event belongs to. */
        public Builder sequencingPolicy(SequencingPolicy<? super TrackedEventMessage<?>> policy) {
            assertNonNull(policy, "The sequencing policy may not be null");
            this.policy = policy;
            return this;
        }

        /** The most segments this node claims, asked every claim interval (a fair share). */
        public Builder maxSegmentProvider(Function<String, Integer> maxSegments) {
            assertNonNull(maxSegments, "The max segment provider may not be null");
            this.maxSegments = maxSegments;
            return this;
        }

        public Builder initialToken(
                Function<StreamableMessageSource<TrackedEventMessage<?>>, TrackingToken> initialToken) {
            assertNonNull(initialToken, "The initial token function may not be null");
            this.initialToken = initialToken;
            return this;
        }

        public Builder initialSegmentCount(int initialSegments) {
            assertThat(initialSegments, s -> s > 0, "The initial segment count must be positive");
            this.initialSegments = initialSegments;
            return this;
        }

        public Builder batchSize(int batchSize) {
            assertThat(batchSize, b -> b > 0, "The batch size must be positive");
            this.batchSize = batchSize;
            return this;
        }

        public Builder tokenClaimInterval(Duration claimInterval) {
            assertThat(claimInterval, d -> d != null && !d.isNegative() && !d.isZero(),
                       "The token claim interval must be positive");
            this.claimInterval = claimInterval;
            return this;
        }

        public Builder claimExtensionThreshold(Duration claimExtension) {
            assertThat(claimExtension, d -> d != null && !d.isNegative() && !d.isZero(),
                       "The claim extension threshold must be positive");
            this.claimExtension = claimExtension;
            return this;
        }

        @Override
        public Builder name(String name) {
            super.name(name);
            return this;
        }

        @Override
        public Builder eventHandlerInvoker(org.axonframework.eventhandling.EventHandlerInvoker invoker) {
            super.eventHandlerInvoker(invoker);
            return this;
        }

        @Override
        public Builder errorHandler(org.axonframework.eventhandling.ErrorHandler errorHandler) {
            super.errorHandler(errorHandler);
            return this;
        }

        @Override
        public Builder rollbackConfiguration(
                org.axonframework.messaging.unitofwork.RollbackConfiguration rollbackConfiguration) {
            super.rollbackConfiguration(rollbackConfiguration);
            return this;
        }

        @Override
        public Builder messageMonitor(
                org.axonframework.monitoring.MessageMonitor<? super org.axonframework.eventhandling.EventMessage<?>>
                        messageMonitor) {
            super.messageMonitor(messageMonitor);
            return this;
        }

        @Override
        public Builder spanFactory(org.axonframework.eventhandling.EventProcessorSpanFactory spanFactory) {
            super.spanFactory(spanFactory);
            return this;
        }

        public CairnStreamingProcessor build() {
            return new CairnStreamingProcessor(this);
        }

        @Override
        protected void validate() throws AxonConfigurationException {
            super.validate();
            assertNonNull(source, "A message source is required");
            assertNonNull(tokenStore, "A token store is required");
            assertNonNull(transactionManager, "A transaction manager is required");
            assertNonNull(policy, "A sequencing policy is required");
        }
    }
}
