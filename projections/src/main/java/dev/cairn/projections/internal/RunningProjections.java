package dev.cairn.projections.internal;

import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.processing.MongoTokenStore;
import dev.cairn.projections.ReadModel;
import dev.cairn.projections.Rebuild;
import dev.cairn.projections.RebuildOptions;
import dev.cairn.projections.internal.handlers.Projection;
import dev.cairn.projections.internal.rebuild.LocalProjection;
import dev.cairn.projections.internal.rebuild.Rebuilds;
import dev.cairn.projections.internal.storage.ProjectionStorage;
import dev.cairn.projections.internal.versions.VersionWatcher;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurationParameterResolverFactory;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.MultiParameterResolverFactory;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The projections of a started application: what needs Axon's configuration (the processors, the dead-letter queues,
 * the event store) and the rebuilds run from this process. Created once, when the application starts.
 */
public final class RunningProjections {

    private final Configuration configuration;
    private final Map<String, Projection> projections;
    private final ProjectionStorage storage;
    private final ReadModels readModels;
    private final Rebuilds rebuilds;
    private final Consumer<String> storeConsumed;

    RunningProjections(Configuration configuration, Map<String, Projection> projections, ProjectionStorage storage,
                       ReadModels readModels, VersionWatcher versions, SharedEventSource eventSource,
                       Consumer<String> storeConsumed) {
        this.configuration = configuration;
        this.storeConsumed = storeConsumed;
        this.projections = projections;
        this.storage = storage;
        this.readModels = readModels;
        // a given source's head is its own, not the application's event store's (ADR 85)
        this.rebuilds = new Rebuilds(storage, versions, () -> (eventSource.given() ? eventSource.get(configuration)
                .createHeadToken() : engine().createHeadToken()).position().orElse(0),
                                     name -> local(name, eventSource), eventSource.given(), eventSource.parts());
    }

    /** @return the read model readers use: the live version's collections, resolved at each call */
    public ReadModel readModel(String name) {
        return readModels.read(name);
    }

    /**
     * Stores the tokens the segments of projection {@code name}'s processor in this process consumed, where they are
     * ahead of the stored ones (as the processor does within its idle round).
     */
    public void storeConsumed(String name) {
        storeConsumed.accept(name);
    }

    public Optional<StreamingEventProcessor> processor(String name) {
        return configuration.eventProcessingConfiguration().eventProcessor(name, StreamingEventProcessor.class);
    }

    public Optional<SequencedDeadLetterProcessor<EventMessage<?>>> deadLetterProcessor(String name) {
        return configuration.eventProcessingConfiguration().sequencedDeadLetterProcessor(name);
    }

    /** @return the number of dead letters of {@code name}; 0 without dead-lettering */
    public long deadLetters(String name) {
        return configuration.eventProcessingConfiguration().deadLetterQueue(name)
                            .map(SequencedDeadLetterQueue::size).orElse(0L);
    }

    /** @return the number of parked sequences of {@code name}; 0 without dead-lettering */
    public long deadLetterSequences(String name) {
        return configuration.eventProcessingConfiguration().deadLetterQueue(name)
                            .map(SequencedDeadLetterQueue::amountOfSequences).orElse(0L);
    }

    public MongoEventStorageEngine engine() {
        return configuration.getComponent(MongoEventStorageEngine.class);
    }

    public MongoTokenStore tokenStore() {
        return storage.tokens();
    }

    public MongoDatabase database() {
        return storage.database();
    }


    /** Starts rebuilding {@code name} in this process (ADR 42). */
    public Rebuild rebuild(String name, RebuildOptions options) {
        return rebuilds.rebuild(name, options);
    }

    /** Removes the tokens and collections of every version of {@code name} but the live one. */
    public List<String> clean(String name) {
        return rebuilds.clean(name, projections.get(name).options().collections());
    }

    public int liveVersion(String name) {
        return storage.versions().live(name);
    }

    /** Stops the rebuilds this process runs, leaving them resumable. */
    void stopRebuilds() {
        rebuilds.stopAll();
    }

    private LocalProjection local(String name, SharedEventSource eventSource) {
        StreamingEventProcessor processor = processor(name).orElseThrow(() -> new IllegalStateException(
                "Projection [" + name + "] has no processor in this application"));
        Projection projection = projections.get(name);
        return new LocalProjection(projection, processor, eventSource.get(configuration),
                                   MultiParameterResolverFactory.ordered(
                                           ClasspathParameterResolverFactory.forClass(projection.handler().getClass()),
                                           new ConfigurationParameterResolverFactory(configuration)),
                                   () -> configuration.eventProcessingConfiguration().deadLetterQueue(name)
                                                      .ifPresent(SequencedDeadLetterQueue::clear));
    }
}
