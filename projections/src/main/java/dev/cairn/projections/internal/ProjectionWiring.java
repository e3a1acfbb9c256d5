package dev.cairn.projections.internal;

import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.processing.AdvancingTokenStore;
import dev.cairn.processing.InitialPosition;
import dev.cairn.processing.MongoTokenStore;
import dev.cairn.processing.NotifyingEventSource;
import dev.cairn.processing.ProcessorNames;
import dev.cairn.processing.StoredSegment;
import dev.cairn.projections.ProjectionControl;
import dev.cairn.projections.ProjectionMonitor;
import dev.cairn.projections.ProjectionOptions;
import dev.cairn.projections.ReadModel;
import dev.cairn.projections.Rebuild;
import dev.cairn.projections.RebuildMode;
import dev.cairn.projections.RebuildOptions;
import dev.cairn.projections.internal.rebuild.BlueGreenBuild;
import dev.cairn.projections.internal.rebuild.ClaimedRebuild;
import dev.cairn.projections.internal.rebuild.InPlaceRebuild;
import dev.cairn.projections.internal.rebuild.RebuildClaim;
import dev.cairn.projections.internal.rebuild.RebuildContext;
import dev.cairn.projections.internal.versions.ProjectionVersions;
import dev.cairn.projections.internal.versions.VersionCleanup;
import dev.cairn.projections.internal.versions.VersionWatcher;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurationParameterResolverFactory;
import org.axonframework.config.Configurer;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.lifecycle.Phase;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.MultiParameterResolverFactory;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Registers each projection with Axon: its handler and Cairn's reset handler in one processing group, a pooled
 * streaming processor on the event store with the shared Mongo token store, per-aggregate sequencing, a fair share
 * of segments per node, and either the Mongo dead-letter queue or an error handler that retries the failing batch.
 */
public final class ProjectionWiring {

    private static final Logger logger = LoggerFactory.getLogger(ProjectionWiring.class);

    /**
     * A projection as registered: its name, handler object and options.
     */
    public record Projection(String name, Object handler, ProjectionOptions options) {
    }

    private final List<Projection> projections;
    private final List<Consumer<MongoTokenStore.Builder>> tokenStoreCustomizations;
    private final Map<String, ReadModel> readModels = new LinkedHashMap<>();
    private final Map<String, ReadModel> readerModels = new LinkedHashMap<>();
    private final Map<String, Projection> byName = new LinkedHashMap<>();
    private final List<Rebuild> localRebuilds = new CopyOnWriteArrayList<>();
    private volatile MongoDatabase database;
    private volatile ProjectionVersions versions;
    private volatile VersionWatcher watcher;
    private final Map<String, FairShare> shares = new LinkedHashMap<>();
    private volatile Configuration configuration;
    private volatile MongoTokenStore tokenStore;
    private volatile FlushingTokenStore processorTokenStore;
    private volatile AdvancingTokenStore advancingTokenStore;
    private NotifyingEventSource eventSource;
    private volatile ProjectionControl control;
    private volatile ProjectionMonitor monitor;
    private volatile boolean indexCreation = true;

    public ProjectionWiring(List<Projection> projections, List<Consumer<MongoTokenStore.Builder>> customizations) {
        this.projections = projections;
        this.tokenStoreCustomizations = customizations;
    }

    /** @return the projection name of a handler: its {@code @ProcessingGroup}, or its class's simple name */
    public static String nameOf(Object handler) {
        ProcessingGroup group = handler.getClass().getAnnotation(ProcessingGroup.class);
        return group != null ? group.value() : handler.getClass().getSimpleName();
    }

    /**
     * @param indexCreation whether the token store, dead-letter queues and read models create their indexes, or only
     *                      check them (the application's {@code indexCreation} option)
     */
    public void configure(Configurer configurer, MongoDatabase database, Serializer serializer,
                          boolean indexCreation) {
        this.database = database;
        this.indexCreation = indexCreation;
        this.control = new ProjectionControl(database);
        this.versions = new ProjectionVersions(database);
        projections.forEach(projection -> byName.put(projection.name(), projection));
        this.watcher = new VersionWatcher(versions, List.copyOf(byName.keySet()));
        watcher.load();
        MongoTokenStore.Builder tokens = MongoTokenStore.builder().database(database).serializer(serializer)
                                                        .indexCreation(indexCreation);
        tokenStoreCustomizations.forEach(customization -> customization.accept(tokens));
        this.tokenStore = tokens.build();
        // idle segments' tokens follow what their processor consumed, at rest and at shutdown too
        this.advancingTokenStore = AdvancingTokenStore.builder().delegate(tokenStore)
                                                      .processors(this::processorOfVersion)
                                                      .claimExtensionInterval(tokenStore.claimTimeout().dividedBy(3))
                                                      .build();
        FlushingTokenStore flushing = new FlushingTokenStore(advancingTokenStore, watcher::processorName);
        this.processorTokenStore = flushing;
        Map<Class<?>, ReadModel> byHandlerType = new LinkedHashMap<>();
        for (Projection projection : projections) {
            String name = projection.name();
            // handlers write to the version their processor is pinned to; readers read the live version
            ReadModel readModel = ReadModel.of(name, database, projection.options().collections(),
                                               () -> watcher.pinned(name), indexCreation);
            readModels.put(name, readModel);
            readerModels.put(name, ReadModel.of(name, database, projection.options().collections(),
                                                () -> watcher.live(name), indexCreation));
            byHandlerType.put(projection.handler().getClass(), readModel);
        }
        configurer.registerComponent(ParameterResolverFactory.class, c -> MultiParameterResolverFactory.ordered(
                ClasspathParameterResolverFactory.forClass(ProjectionWiring.class),
                new ConfigurationParameterResolverFactory(c),
                new ReadModelParameterResolverFactory(byHandlerType)));
        EventProcessingConfigurer processing = configurer.eventProcessing();
        for (Projection projection : projections) {
            register(processing, projection, database, serializer);
        }
        configurer.onInitialize(c -> this.configuration = c);
        configurer.onStart(() -> this.monitor = monitor(configuration));
        // markers a node left when it died right after storing a token: removed before this node processes
        configurer.onStart(Phase.INBOUND_EVENT_CONNECTORS - 1, this::sweepMarkers);
        // processors are built in the first start phase and started in the inbound connectors' phase
        configurer.onStart(Integer.MIN_VALUE + 1, () -> shares.values().forEach(FairShare::arm));
        configurer.onStart(Phase.INBOUND_EVENT_CONNECTORS + 1, () -> watcher.start(this::follow));
        configurer.onShutdown(Phase.INBOUND_EVENT_CONNECTORS + 1, () -> {
            projections.forEach(p -> advancingTokenStore.advanceIdle(watcher.processorName(p.name())));
            watcher.close();
            localRebuilds.forEach(Rebuild::stop);
        });
        configurer.onShutdown(() -> shares.forEach((name, share) -> share.leave(name)));
        configurer.onShutdown(Phase.INBOUND_EVENT_CONNECTORS - 1, () -> {
            if (eventSource != null) {
                eventSource.close();
            }
        });
    }

    private void register(EventProcessingConfigurer processing, Projection projection, MongoDatabase database,
                          Serializer serializer) {
        String name = projection.name();
        ProjectionOptions options = projection.options();
        ReadModelReset reset = new ReadModelReset(readModels.get(name));
        Duration claimTimeout = tokenStore.claimTimeout();
        FairShare share = new FairShare(database.getCollection(CairnCollections.PROJECTION_NODES, Document.class),
                                        tokenStore.nodeId(), claimTimeout,
                                        () -> tokenStore.fetchSegments(watcher.processorName(name)).length,
                                        Clock.systemUTC(), control);
        shares.put(name, share);
        processing.registerEventHandler(c -> projection.handler())
                  .registerEventHandler(c -> reset)
                  .assignHandlerInstancesMatching(name, handler -> handler == projection.handler() || handler == reset)
                  .registerTokenStore(name, c -> processorTokenStore)
                  .registerSequencingPolicy(name, c -> SequentialPerAggregatePolicy.instance())
                  .registerPooledStreamingEventProcessor(
                          name, this::eventSource,
                          (c, builder) -> builder.initialSegmentCount(options.segments())
                                                 .batchSize(options.batchSize())
                                                 .initialToken(source -> options.initialPosition()
                                                         == InitialPosition.HEAD ? source.createHeadToken()
                                                         : source.createTailToken())
                                                 // also how soon an idle processor looks for other nodes' events
                                                 .tokenClaimInterval(Math.min(250, claimTimeout.toMillis() / 4))
                                                 // how soon an idle segment's token follows (the store extends
                                                 // the claim in storage only every claimTimeout / 3)
                                                 .claimExtensionThreshold(Math.min(200, claimTimeout.toMillis() / 3))
                                                 .maxSegmentProvider(share));
        if (options.deadLettering()) {
            processing.registerDeadLetterQueue(name, c -> DeadLetters.queue(
                    name, database, c.getComponent(MongoEventStorageEngine.class).getEventSerializer(),
                    indexCreation));
        } else {
            // a failing event fails its batch, which the processor retries, instead of being logged and skipped
            processing.registerListenerInvocationErrorHandler(name, c -> PropagatingErrorHandler.instance());
        }
    }

    private ProjectionMonitor monitor(Configuration c) {
        return ProjectionMonitor.builder()
                                .tokenStore(tokenStore)
                                .engine(c.getComponent(MongoEventStorageEngine.class))
                                .deadLetterCount(name -> c.eventProcessingConfiguration().deadLetterQueue(name)
                                                          .map(SequencedDeadLetterQueue::size).orElse(0L))
                                .localProcessors(this::processor)
                                .control(control)
                                .versions(database)
                                .build();
    }

    private synchronized NotifyingEventSource eventSource(Configuration c) {
        if (eventSource == null) {
            eventSource = NotifyingEventSource.on(c.eventStore());
        }
        return eventSource;
    }

    private void sweepMarkers() {
        for (Projection projection : projections) {
            Map<Integer, TrackingToken> tokens = new LinkedHashMap<>();
            tokenStore.segments(watcher.processorName(projection.name()))
                      .forEach(segment -> tokens.put(segment.segment(), segment.token()));
            long removed = readModels.get(projection.name()).sweepMarkers(tokens);
            if (removed > 0) {
                logger.info("Projection [{}]: removed {} markers of events whose tokens were stored",
                            projection.name(), removed);
            }
        }
    }

    /** Starts rebuilding {@code name} in this process (ADR 42). */
    public Rebuild rebuild(String name, RebuildOptions options) {
        StreamingEventProcessor processor = processor(name).orElseThrow(() -> new IllegalStateException(
                "Projection [" + name + "] has no processor in this application"));
        Projection projection = byName.get(name);
        RebuildContext context = new RebuildContext(
                name, projection.handler(), projection.options(), processor, database, tokenStore, control, versions,
                watcher, () -> configuration.getComponent(MongoEventStorageEngine.class).createHeadToken().position()
                                            .orElse(0),
                eventSource(configuration),
                MultiParameterResolverFactory.ordered(
                        ClasspathParameterResolverFactory.forClass(projection.handler().getClass()),
                        new ConfigurationParameterResolverFactory(configuration)),
                Clock.systemUTC(),
                () -> configuration.eventProcessingConfiguration().deadLetterQueue(name)
                                   .ifPresent(SequencedDeadLetterQueue::clear),
                indexCreation);
        // one rebuild of a projection at a time, across processes (ADR 43)
        RebuildClaim claim;
        try {
            claim = RebuildClaim.acquire(database.getCollection(CairnCollections.PROJECTION_CONTROL), name,
                                         tokenStore.nodeId(), options.mode(), tokenStore.claimTimeout(),
                                         () -> control.removeIfEmpty(name));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while claiming the rebuild of projection [" + name + "]", e);
        }
        Rebuild rebuild;
        try {
            rebuild = new ClaimedRebuild(options.mode() == RebuildMode.BLUE_GREEN
                                                 ? BlueGreenBuild.start(context, options)
                                                 : InPlaceRebuild.start(context, options), claim);
        } catch (RuntimeException e) {
            claim.close();
            throw e;
        }
        localRebuilds.add(rebuild);
        return rebuild;
    }

    /** Removes the tokens and collections of every version of {@code name} but the live one. */
    public List<String> clean(String name) {
        return new VersionCleanup(database, tokenStore, versions, byName.get(name).options().collections())
                .clean(name, localRebuilds.stream().anyMatch(r -> r.projection().equals(name) && !r.complete()));
    }

    public int liveVersion(String name) {
        return versions.live(name);
    }

    /** This node follows a switch: the processor finishes its batch on the old version, then runs the new one. */
    private void follow(String name, int version) {
        Optional<StreamingEventProcessor> processor = processor(name);
        boolean running = processor.map(StreamingEventProcessor::isRunning).orElse(false);
        if (running) {
            processor.get().shutDown();
        }
        watcher.pin(name, version);
        if (running) {
            processor.get().start();
        }
        logger.info("Projection [{}] now runs version {}", name, version);
    }

    public boolean started() {
        return configuration != null && monitor != null;
    }

    /** @return the read model readers use: the live version's collections, resolved at each call */
    public ReadModel readModel(String name) {
        return readerModels.get(name);
    }

    public ProjectionControl control() {
        return control;
    }

    public ProjectionMonitor monitor() {
        return monitor;
    }

    public MongoTokenStore tokenStore() {
        return tokenStore;
    }

    public Optional<SequencedDeadLetterProcessor<EventMessage<?>>> deadLetterProcessor(String name) {
        return configuration.eventProcessingConfiguration().sequencedDeadLetterProcessor(name);
    }

    public long deadLetterSequences(String name) {
        return configuration.eventProcessingConfiguration().deadLetterQueue(name)
                            .map(SequencedDeadLetterQueue::amountOfSequences).orElse(0L);
    }

    /** @return the processor running {@code versionedName} (a version's processor name) in this process */
    private Optional<StreamingEventProcessor> processorOfVersion(String versionedName) {
        String name = ProcessorNames.baseName(versionedName);
        return configuration == null || !byName.containsKey(name)
                || !watcher.processorName(name).equals(versionedName) ? Optional.empty() : processor(name);
    }

    public Optional<StreamingEventProcessor> processor(String name) {
        return configuration.eventProcessingConfiguration().eventProcessor(name, StreamingEventProcessor.class);
    }
}
