package dev.cairn.projections.internal;

import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.processing.CairnStreamingProcessor;
import dev.cairn.processing.InitialPosition;
import dev.cairn.processing.MongoTokenStore;
import dev.cairn.projections.ProjectionOptions;
import dev.cairn.projections.internal.coordination.ProcessorTimings;
import dev.cairn.projections.internal.handlers.Projection;
import dev.cairn.projections.internal.handlers.ReadModelReset;
import dev.cairn.projections.internal.storage.ProjectionStorage;
import dev.cairn.projections.internal.versions.VersionWatcher;
import org.axonframework.config.ConfigurationParameterResolverFactory;
import org.axonframework.config.Configurer;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventProcessorSpanFactory;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.MultiParameterResolverFactory;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.bson.Document;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Registers each projection with Axon: its handler and Cairn's reset handler in one processing group, Cairn's
 * streaming processor on the event store (ADR 93; Axon's tracking one on a source given to the projections) with the
 * shared token store, per-aggregate sequencing, a fair share of segments per node, and either the Mongo dead-letter
 * queue or an error handler that retries the failing batch.
 */
final class ProjectionRegistration {

    /** How long a tracking processor on a given source waits for events before it extends its claims. */
    static final long GIVEN_SOURCE_POLL_MILLIS = 500;

    private final ProjectionStorage storage;
    private final ReadModels readModels;
    private final TokenStore processorTokens;
    private final VersionWatcher versions;
    private final SharedEventSource eventSource;
    private final Map<String, FairShare> shares = new LinkedHashMap<>();

    /**
     * @param processorTokens the token store the processors use (mapping names to versions, flushing writes first)
     */
    private ProjectionRegistration(ProjectionStorage storage, ReadModels readModels, TokenStore processorTokens,
                                   VersionWatcher versions, SharedEventSource eventSource) {
        this.storage = storage;
        this.readModels = readModels;
        this.processorTokens = processorTokens;
        this.versions = versions;
        this.eventSource = eventSource;
    }

    /** @return the fair share of each projection registered, by name */
    static Map<String, FairShare> register(Configurer configurer, Collection<Projection> projections,
                                           ProjectionStorage storage, ReadModels readModels,
                                           TokenStore processorTokens, VersionWatcher versions,
                                           SharedEventSource eventSource) {
        ProjectionRegistration registration = new ProjectionRegistration(storage, readModels, processorTokens,
                                                                         versions, eventSource);
        configurer.registerComponent(ParameterResolverFactory.class, c -> MultiParameterResolverFactory.ordered(
                ClasspathParameterResolverFactory.forClass(ProjectionRegistration.class),
                new ConfigurationParameterResolverFactory(c),
                readModels.parameters()));
        EventProcessingConfigurer processing = configurer.eventProcessing();
        projections.forEach(projection -> registration.register(processing, projection));
        return registration.shares;
    }

    private void register(EventProcessingConfigurer processing, Projection projection) {
        String name = projection.name();
        ProjectionOptions options = projection.options();
        ReadModelReset reset = new ReadModelReset(readModels.written(name));
        MongoTokenStore tokens = storage.tokens();
        Duration claimTimeout = tokens.claimTimeout();
        FairShare share = new FairShare(storage.database().getCollection(CairnCollections.PROJECTION_NODES,
                                                                         Document.class),
                                        tokens.nodeId(), claimTimeout,
                                        () -> tokens.segmentOwners(versions.processorName(name)),
                                        tokens.leaseClock(), storage.control());
        shares.put(name, share);
        ProcessorTimings timings = ProcessorTimings.forClaimTimeout(claimTimeout);
        long claimInterval = timings.claimInterval().toMillis();
        processing.registerEventHandler(c -> projection.handler())
                  .registerEventHandler(c -> reset)
                  .assignHandlerInstancesMatching(name, handler -> handler == projection.handler() || handler == reset)
                  .registerTokenStore(name, c -> processorTokens)
                  .registerSequencingPolicy(name, c -> SequentialPerAggregatePolicy.instance());
        if (eventSource.given()) {
            registerTracking(processing, name, options, claimInterval);
        } else {
            // one reader routes each event to its one segment and hands whole batches to the segments' workers
            // (ADR 93); Axon's pooled coordinator offered every event to every segment
            processing.registerEventProcessor(name, (processor, c, invoker) -> CairnStreamingProcessor.builder()
                    .name(processor)
                    .eventHandlerInvoker(invoker)
                    .rollbackConfiguration(c.eventProcessingConfiguration().rollbackConfiguration(processor))
                    .errorHandler(c.eventProcessingConfiguration().errorHandler(processor))
                    .messageMonitor(c.eventProcessingConfiguration()
                                     .messageMonitor(CairnStreamingProcessor.class, processor))
                    .spanFactory(c.getComponent(EventProcessorSpanFactory.class))
                    .messageSource(eventSource.get(c))
                    .tokenStore(c.eventProcessingConfiguration().tokenStore(processor))
                    .transactionManager(c.eventProcessingConfiguration().transactionManager(processor))
                    .sequencingPolicy(SequentialPerAggregatePolicy.instance())
                    .initialSegmentCount(options.segments())
                    .batchSize(options.batchSize())
                    .initialToken(source -> options.initialPosition() == InitialPosition.HEAD
                            ? source.createHeadToken() : source.createTailToken())
                    .tokenClaimInterval(timings.claimInterval())
                    // how soon an idle segment's consumed token is stored (ADR 84); cheap, as the store extends
                    // the claim in storage only every claimTimeout / 3
                    .claimExtensionThreshold(timings.idleStore())
                    .maxSegmentProvider(share::getMaxSegments)
                    .build());
        }
        if (options.deadLettering()) {
            // a segment remembers which of its sequences it dead-lettered, so an event of a sequence with no letters
            // is not one query for the queue each (ADR 84); its memory goes when it releases the segment
            processing.registerDeadLetteringEventHandlerInvokerConfiguration(
                    name, (c, builder) -> builder.enableSequenceIdentifierCache());
            processing.registerDeadLetterQueue(name, c -> DeadLetters.queue(
                    name, storage.database(), c.getComponent(MongoEventStorageEngine.class).getEventSerializer(),
                    storage.indexCreation()));
        } else {
            // a failing event fails its batch, which the processor retries, instead of being logged and skipped
            processing.registerListenerInvocationErrorHandler(name, c -> PropagatingErrorHandler.instance());
        }
    }

    /**
     * A source given to the projections (every tenant's streams, ADR 85) is read by a tracking processor: each segment
     * opens a stream of its own at its own token. Cairn's streaming processor, as Axon's pooled one, shares one stream
     * among its segments from their lowest token, which a token of several independent positions cannot express: a
     * segment ahead in one stream and behind in another would be set back.
     */
    private void registerTracking(EventProcessingConfigurer processing, String name, ProjectionOptions options,
                                  long claimInterval) {
        processing.registerTrackingEventProcessor(
                name, eventSource::get,
                c -> TrackingEventProcessorConfiguration
                        .forParallelProcessing(options.segments())
                        .andInitialSegmentsCount(options.segments())
                        .andBatchSize(options.batchSize())
                        .andTokenClaimInterval(claimInterval, TimeUnit.MILLISECONDS)
                        .andEventAvailabilityTimeout(GIVEN_SOURCE_POLL_MILLIS, TimeUnit.MILLISECONDS)
                        .andInitialTrackingToken(source -> options.initialPosition() == InitialPosition.HEAD
                                ? source.createHeadToken() : source.createTailToken()));
    }
}
