package dev.cairn.projections;

import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.eventstore.mongo.support.CairnCollections.Role;
import dev.cairn.processing.MongoTokenStore;
import dev.cairn.processing.ProcessorNames;
import dev.cairn.projections.internal.CatchUpWait;
import dev.cairn.projections.internal.StatusReader;
import dev.cairn.projections.internal.versions.ProjectionVersions;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.axonframework.common.BuilderUtils.assertNonNull;

/**
 * Status, lag and catch-up of projections, read from storage: works in any process that reaches the database,
 * whether or not it runs the projections (the CLI, a health check, another node).
 * <p>
 * Built with {@link #builder()}: the token store and the event storage engine are required; the dead-letter queue of
 * a projection is found by its name in the default dead-letter collection unless another lookup is set.
 */
public final class ProjectionMonitor {

    private final MongoTokenStore tokenStore;
    private final MongoEventStorageEngine engine;
    private final StatusReader reader;
    private final Function<String, Optional<StreamingEventProcessor>> localProcessors;
    private final Consumer<String> storeConsumed;

    private ProjectionMonitor(Builder builder) {
        builder.validate();
        this.tokenStore = builder.tokenStore;
        this.engine = builder.engine;
        this.reader = new StatusReader(builder.tokenStore, builder.engine,
                                       name -> builder.deadLetterCount.apply(name), builder.clock,
                                       builder.control == null ? null : builder.control.documents(),
                                       builder.versions, builder.source);
        this.localProcessors = builder.localProcessors;
        this.storeConsumed = builder.storeConsumed;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return a monitor on {@code database} with Cairn's default collections (tokens, events, dead letters)
     */
    public static ProjectionMonitor on(MongoDatabase database) {
        return on(database, CairnCollections.defaults());
    }

    /**
     * @return a monitor on {@code database} reading the token and event collections under the names
     * {@code collections} gives them (an application's own description, ADR 73)
     */
    public static ProjectionMonitor on(MongoDatabase database, CairnCollections collections) {
        return storedOn(database, collections).build();
    }

    /**
     * @return a monitor on {@code database} as {@link #on(MongoDatabase, CairnCollections)}, measuring its
     * projections on the heads of a source with parts (for example every tenant's stream read from the tenants'
     * registry) instead of the database's own event store
     */
    public static ProjectionMonitor on(MongoDatabase database, CairnCollections collections, SourceHeads source) {
        return storedOn(database, collections).source(source).build();
    }

    private static Builder storedOn(MongoDatabase database, CairnCollections collections) {
        assertNonNull(collections, "The collections may not be null");
        return builder().tokenStore(MongoTokenStore.builder().database(database)
                                                   .collectionName(collections.name(Role.TOKENS)).build())
                        .engine(MongoEventStorageEngine.builder().database(database)
                                                       .eventCollectionName(collections.name(Role.EVENTS))
                                                       .snapshotCollectionName(collections.name(Role.SNAPSHOTS))
                                                       .sequenceCollectionName(collections.name(Role.SEQUENCES))
                                                       .build())
                        .deadLetters(database)
                        .control(new ProjectionControl(database))
                        .versions(database);
    }

    /** @return the status of the projection {@code name} */
    public ProjectionStatus status(String name) {
        return reader.status(name, localProcessors.apply(name));
    }

    /**
     * @return the status of every projection with stored tokens, by name (versions of a projection built blue/green,
     * {@code name@v2}..., are reported under their projection)
     */
    public List<ProjectionStatus> status() {
        List<ProjectionStatus> all = new ArrayList<>();
        tokenStore.processorNames().stream().map(ProcessorNames::baseName).distinct()
                  .forEach(name -> all.add(status(name)));
        return all;
    }

    /**
     * Waits until every segment of projection {@code name} has processed the event at global {@code position} (and
     * every event before it), at most {@code timeout}.
     *
     * @return {@code true} when caught up; {@code false} when the timeout passed first
     * @throws IllegalArgumentException naming the projection when it reads a source with parts ({@link SourceHeads}),
     *                                  where one global position means nothing: use
     *                                  {@link #awaitCaughtUp(String, Duration)}
     */
    public boolean awaitCaughtUp(String name, long position, Duration timeout) throws InterruptedException {
        if (reader.hasParts()) {
            throw new IllegalArgumentException("Projection [" + name + "] reads a source with parts (such as every "
                                                       + "tenant's stream), which has no global position; wait with "
                                                       + "awaitCaughtUp(name, timeout)");
        }
        return awaitPosition(name, position, timeout);
    }

    /**
     * Waits until projection {@code name} has processed every event stored when this is called, at most
     * {@code timeout}: for a source with parts ({@link SourceHeads}), each part's events up to that part's head then
     * (a part the source no longer reads is not waited for); else every event up to the event store's head.
     *
     * @return {@code true} when caught up; {@code false} when the timeout passed first
     */
    public boolean awaitCaughtUp(String name, Duration timeout) throws InterruptedException {
        if (reader.hasParts()) {
            Map<String, Long> heads = reader.heads();
            return await(() -> reader.caughtUp(name, heads), timeout);
        }
        long head = engine.createHeadToken().position().orElse(0);
        return awaitPosition(name, head, timeout);
    }

    private boolean awaitPosition(String name, long position, Duration timeout) throws InterruptedException {
        return new CatchUpWait(() -> reader.caughtUp(name, position), () -> localStatus(name),
                               () -> storeConsumed.accept(name), position).await(timeout);
    }

    private Map<Integer, EventTrackerStatus> localStatus(String name) {
        return localProcessors.apply(name).filter(StreamingEventProcessor::isRunning)
                              .map(StreamingEventProcessor::processingStatus).orElse(Map.of());
    }

    private static boolean await(BooleanSupplier caughtUp, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!caughtUp.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(CatchUpWait.POLL.toMillis());
        }
        return true;
    }

    /**
     * Builds a {@link ProjectionMonitor}.
     */
    public static final class Builder {

        private MongoTokenStore tokenStore;
        private MongoEventStorageEngine engine;
        private Function<String, Long> deadLetterCount = name -> 0L;
        private Function<String, Optional<StreamingEventProcessor>> localProcessors = name -> Optional.empty();
        private Consumer<String> storeConsumed = name -> {
        };
        private Clock clock = Clock.systemUTC();
        private ProjectionControl control;
        private ProjectionVersions versions;
        private SourceHeads source;

        /** Sets the token store of the projections. Required. */
        public Builder tokenStore(MongoTokenStore tokenStore) {
            assertNonNull(tokenStore, "The token store may not be null");
            this.tokenStore = tokenStore;
            return this;
        }

        /** Sets the event store engine, for the head and the age of unprocessed events. Required. */
        public Builder engine(MongoEventStorageEngine engine) {
            assertNonNull(engine, "The event storage engine may not be null");
            this.engine = engine;
            return this;
        }

        /** Counts dead letters in the default dead-letter collection of {@code database}. */
        public Builder deadLetters(MongoDatabase database) {
            assertNonNull(database, "The MongoDatabase may not be null");
            this.deadLetterCount = name -> MongoSequencedDeadLetterQueue.<org.axonframework.eventhandling.EventMessage<?>>builder().processingGroup(name)
                                                                        .database(database).build().size();
            return this;
        }

        /** Sets how the number of dead letters of a projection is found. Defaults to none. */
        public Builder deadLetterCount(Function<String, Long> deadLetterCount) {
            assertNonNull(deadLetterCount, "The dead-letter count may not be null");
            this.deadLetterCount = deadLetterCount;
            return this;
        }

        /** Sets how to find the processor of a projection running in this process, for its error state. */
        public Builder localProcessors(Function<String, Optional<StreamingEventProcessor>> localProcessors) {
            assertNonNull(localProcessors, "The local processor lookup may not be null");
            this.localProcessors = localProcessors;
            return this;
        }

        /**
         * Sets how the local processor of a projection stores the tokens its segments consumed where they are ahead of
         * the stored ones (an application's own monitor: its segments' tokens then follow at once when a wait finds
         * them done). Default: nothing is stored.
         */
        Builder storeConsumed(Consumer<String> storeConsumed) {
            assertNonNull(storeConsumed, "The store of consumed tokens may not be null");
            this.storeConsumed = storeConsumed;
            return this;
        }

        /** Sets the clock claim expiry and event ages are measured with. Defaults to the system UTC clock. */
        public Builder clock(Clock clock) {
            assertNonNull(clock, "The Clock may not be null");
            this.clock = clock;
            return this;
        }

        /** Reads whether projections are paused from this control (by default none is). */
        public Builder control(ProjectionControl control) {
            assertNonNull(control, "The projection control may not be null");
            this.control = control;
            return this;
        }

        /** Reads the live version of projections (blue/green rebuilds) from the aliases in {@code database}. */
        public Builder versions(MongoDatabase database) {
            assertNonNull(database, "The MongoDatabase may not be null");
            this.versions = new ProjectionVersions(database);
            return this;
        }

        /**
         * Measures the projections on the heads of a source with parts (for example every tenant's stream) instead of
         * the event store's head: lag per part, caught up when every part is. Defaults to none.
         */
        public Builder source(SourceHeads source) {
            assertNonNull(source, "The source heads may not be null");
            this.source = source;
            return this;
        }

        public ProjectionMonitor build() {
            return new ProjectionMonitor(this);
        }

        void validate() throws AxonConfigurationException {
            assertNonNull(tokenStore, "The token store is a hard requirement and should be provided");
            assertNonNull(engine, "The event storage engine is a hard requirement and should be provided");
        }
    }
}
