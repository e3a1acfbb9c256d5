package dev.cairn.projections;

import dev.cairn.aggregates.CairnExtension;
import dev.cairn.aggregates.CairnSetup;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.processing.MongoTokenStore;
import dev.cairn.projections.internal.ProjectionWiring;
import dev.cairn.projections.internal.RunningProjections;
import dev.cairn.projections.internal.handlers.Projection;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.StreamableMessageSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import static org.axonframework.common.BuilderUtils.assertNonNull;
import static org.axonframework.common.BuilderUtils.assertThat;

/**
 * The projections of one application: Axon event-handler objects that build read models in MongoDB, each in its own
 * processing group and {@code CairnStreamingProcessor} (ADR 93), with the Mongo token store, per-aggregate sequencing
 * and the Mongo dead-letter queue.
 * <pre>
 * CairnProjections projections = CairnProjections.builder()
 *         .projection(new Balances(), options -&gt; options.owns("balances", "bank_totals"))
 *         .build();
 * try (CairnApplication app = Cairn.builder().mongo(uri, "bank").aggregate(Account.class)
 *                                  .extension(projections.extension()).start()) {
 *     app.commandGateway().sendAndWait(new Deposit("account-1", 100));
 *     projections.awaitCaughtUp("balances", app.lastAppendedPosition().getAsLong(), Duration.ofSeconds(5));
 *     projections.status("balances");
 * }
 * </pre>
 * A projection's name is its {@code @ProcessingGroup}, or its class's simple name. Options per projection:
 * {@link ProjectionOptions}. Token store options (claim timeout, node id, collection): {@link Builder#tokenStore}.
 */
public final class CairnProjections {

    private final Map<String, Projection> projections;
    private final List<Consumer<MongoTokenStore.Builder>> tokenStoreCustomizations;
    private final StreamableMessageSource<TrackedEventMessage<?>> eventSource;
    private volatile ProjectionWiring wiring;
    private volatile ProjectionMonitor monitor;

    private CairnProjections(Builder builder) {
        this.projections = new LinkedHashMap<>(builder.projections);
        this.tokenStoreCustomizations = List.copyOf(builder.tokenStoreCustomizations);
        this.eventSource = builder.eventSource;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the extension to pass to the Cairn builder's {@code extension(...)}; it describes the projections'
     * collections ({@link #collections(CairnCollections)})
     */
    public CairnExtension extension() {
        return new CairnExtension() {
            @Override
            public void configure(CairnSetup setup) {
                CairnProjections.this.configure(setup);
            }

            @Override
            public CairnCollections collections(CairnCollections collections) {
                return CairnProjections.this.collections(collections);
            }
        };
    }

    /**
     * @return {@code collections} with the token collection as {@link Builder#tokenStore} names it (ADR 73); the
     * projections' other collections have fixed names
     */
    public CairnCollections collections(CairnCollections collections) {
        MongoTokenStore.Builder tokens = MongoTokenStore.builder();
        tokenStoreCustomizations.forEach(customization -> customization.accept(tokens));
        return tokens.collections(collections);
    }

    private synchronized void configure(CairnSetup setup) {
        if (wiring != null) {
            throw new IllegalStateException("These CairnProjections are already part of an application");
        }
        wiring = ProjectionWiring.configure(List.copyOf(projections.values()), tokenStoreCustomizations,
                                            setup.configurer(), setup.database(), setup.serializer(),
                                            setup.indexCreation(), eventSource);
        if (ProjectionMetering.AVAILABLE) {
            setup.configurer().onInitialize(configuration -> ProjectionMetering.bind(configuration, this));
        }
    }

    /**
     * @return the name a projection of {@code handler} gets: its class's {@code @ProcessingGroup}, or its class's
     * simple name
     */
    public static String nameOf(Object handler) {
        assertNonNull(handler, "The projection handler may not be null");
        return Projection.nameOf(handler);
    }

    /** @return the names of the projections, in registration order */
    public List<String> names() {
        return List.copyOf(projections.keySet());
    }

    /**
     * @return the read model of projection {@code name}, for queries
     * @throws IllegalArgumentException naming the known projections when {@code name} is not one
     */
    public ReadModel readModel(String name) {
        return wired().readModel(known(name));
    }

    /** @return where projection {@code name} stands */
    public ProjectionStatus status(String name) {
        return monitor().status(known(name));
    }

    /** @return where every projection stands, in registration order */
    public List<ProjectionStatus> status() {
        List<ProjectionStatus> all = new ArrayList<>();
        projections.keySet().forEach(name -> all.add(status(name)));
        return all;
    }

    /**
     * Waits until projection {@code name} has processed every event up to global {@code position} (for example
     * {@code app.lastAppendedPosition()} after a command), at most {@code timeout}: read your own writes.
     *
     * @return {@code true} when caught up, {@code false} when the timeout passed first
     */
    public boolean awaitCaughtUp(String name, long position, Duration timeout) throws InterruptedException {
        return monitor().awaitCaughtUp(known(name), position, timeout);
    }

    /**
     * Waits until projection {@code name} has processed every event stored when this is called, at most
     * {@code timeout}; for a projection over a source with parts ({@link SourceHeads}, such as every tenant's
     * stream), every part's events up to its head then.
     *
     * @return {@code true} when caught up, {@code false} when the timeout passed first
     */
    public boolean awaitCaughtUp(String name, Duration timeout) throws InterruptedException {
        return monitor().awaitCaughtUp(known(name), timeout);
    }

    /**
     * Processes the dead letters of projection {@code name} again, sequence by sequence, oldest first (after the
     * handler was fixed); a sequence that fails again stays parked.
     *
     * @return the number of sequences processed successfully
     */
    public int retryDeadLetters(String name) {
        var processor = wired().deadLetterProcessor(known(name)).orElseThrow(() -> new IllegalStateException(
                "Projection [" + name + "] runs without dead-lettering"));
        int processed = 0;
        long sequences = wired().deadLetterSequences(name);
        for (long attempt = 0; attempt < sequences && processor.processAny(); attempt++) {
            processed++;
        }
        return processed;
    }

    /**
     * Pauses projection {@code name} on every node running it: within a coordination round each node releases its
     * segments and processes nothing more; tokens are kept, and the status says {@code PAUSED}.
     */
    public void pause(String name) {
        new ProjectionControl(wired().database()).pause(known(name), wired().tokenStore().nodeId(), java.time.Instant.now());
    }

    /** Resumes projection {@code name}: nodes claim its segments again and it continues from its tokens. */
    public void resume(String name) {
        new ProjectionControl(wired().database()).resume(known(name));
    }

    /**
     * Starts rebuilding projection {@code name} (ADR 42), in place or blue/green per {@code options}; an interrupted
     * rebuild of the same mode is resumed rather than started over.
     *
     * @return the rebuild under way; {@link Rebuild#await} waits for it
     * @throws RebuildRefusedException when, in place, other nodes still hold its segments after the claim wait
     * @throws IllegalArgumentException naming the projection when it reads a source of its own
     *                                  ({@link Builder#eventSource}) and {@code options} ask for blue/green
     */
    public Rebuild rebuild(String name, RebuildOptions options) {
        assertNonNull(options, "The rebuild options may not be null");
        return wired().rebuild(known(name), options);
    }

    /**
     * Resets projection {@code name} in place and returns at once: its nodes replay it (same refusal as an in-place
     * {@link #rebuild}); {@code status(name).rebuild()} shows the progress.
     */
    public Rebuild reset(String name) {
        return rebuild(name, RebuildOptions.defaults());
    }

    /**
     * Removes what blue/green rebuilds of projection {@code name} left behind: the tokens and collections of every
     * version but the live one (and of a build under way, which is abandoned).
     *
     * @return the names of the collections dropped
     */
    public List<String> clean(String name) {
        return wired().clean(known(name));
    }

    /** @return the version of projection {@code name} readers use: 1 until a blue/green rebuild switched it */
    public int liveVersion(String name) {
        return wired().liveVersion(known(name));
    }

    /**
     * @return new projections holding only projection {@code name}, with its options adjusted (for example a larger
     * batch size for a process that only rebuilds it); the handler object is shared
     */
    public CairnProjections select(String name, UnaryOperator<ProjectionOptions> options) {
        Projection projection = projections.get(known(name));
        Builder builder = builder();
        tokenStoreCustomizations.forEach(builder::tokenStore);
        return builder.projection(projection.name(), projection.handler(), o -> options.apply(projection.options()))
                      .build();
    }

    /** @return the processor of projection {@code name} in the started application */
    public Optional<StreamingEventProcessor> processor(String name) {
        return wired().processor(known(name));
    }

    /** @return the token store the projections share */
    public MongoTokenStore tokenStore() {
        return wired().tokenStore();
    }

    private String known(String name) {
        if (!projections.containsKey(name)) {
            throw new IllegalArgumentException("Unknown projection [" + name + "]; known: " + projections.keySet());
        }
        return name;
    }

    private RunningProjections wired() {
        ProjectionWiring current = wiring;
        return (current == null ? Optional.<RunningProjections>empty() : current.running()).orElseThrow(
                () -> new IllegalStateException("The application with these projections is not started yet"));
    }

    /** @return the monitor of the started application's projections, with its processors' error states */
    private ProjectionMonitor monitor() {
        ProjectionMonitor current = monitor;
        if (current == null) {
            RunningProjections running = wired();
            ProjectionMonitor.Builder builder = ProjectionMonitor.builder().tokenStore(running.tokenStore()).engine(running.engine())
                                       .deadLetterCount(running::deadLetters).localProcessors(running::processor)
                                       .storeConsumed(running::storeConsumed)
                                       .control(new ProjectionControl(running.database())).versions(running.database());
            if (eventSource instanceof SourceHeads heads) {
                builder.source(heads);
            }
            current = builder.build();
            monitor = current;
        }
        return current;
    }

    /**
     * Builds {@link CairnProjections}. Setters fail fast.
     */
    public static final class Builder {

        private final Map<String, Projection> projections = new LinkedHashMap<>();
        private final List<Consumer<MongoTokenStore.Builder>> tokenStoreCustomizations = new ArrayList<>();
        private StreamableMessageSource<TrackedEventMessage<?>> eventSource;

        /** Adds a projection with the default options. */
        public Builder projection(Object handler) {
            return projection(handler, UnaryOperator.identity());
        }

        /**
         * Adds a projection: an object with Axon {@code @EventHandler} methods, which may take a {@link ReadModel}
         * parameter.
         *
         * @param options adjusts {@link ProjectionOptions#defaults()}, e.g. {@code o -> o.owns("balances").segments(8)}
         */
        public Builder projection(Object handler, UnaryOperator<ProjectionOptions> options) {
            assertNonNull(handler, "The projection handler may not be null");
            return projection(Projection.nameOf(handler), handler, options);
        }

        /**
         * Adds a projection named {@code name} rather than by its class: for one handler class serving several
         * processors (a relay per topic set, for example).
         */
        public Builder projection(String name, Object handler, UnaryOperator<ProjectionOptions> options) {
            assertNonNull(name, "The projection name may not be null");
            assertThat(name, n -> !n.isBlank(), "The projection name may not be blank");
            assertNonNull(handler, "The projection handler may not be null");
            assertNonNull(options, "The projection options may not be null");
            assertThat(name, n -> !projections.containsKey(n), "Two projections are named [" + name + "]");
            ProjectionOptions resolved = Objects.requireNonNull(options.apply(ProjectionOptions.defaults()),
                                                                "The projection options of [" + name + "]");
            projections.put(name, new Projection(name, handler, resolved));
            return this;
        }

        /** Adjusts the shared token store (claim timeout, node id, collection name). */
        public Builder tokenStore(Consumer<MongoTokenStore.Builder> customization) {
            assertNonNull(customization, "The token store customization may not be null");
            tokenStoreCustomizations.add(customization);
            return this;
        }

        /**
         * The source every projection of these reads instead of the application's event store, for example every
         * tenant's streams ({@code CairnTenants}' cross-tenant projections, ADR 85). Defaults to the application's
         * event store. With a source of its own, each projection runs a {@code TrackingEventProcessor} (a stream per
         * segment, {@code segments} threads) instead of a pooled one, and its read-model writes are applied once by
         * their event identifiers alone; the caller owns the source and closes it. A source that is also
         * {@link SourceHeads} (every tenant's stream is) has status, lag and {@code awaitCaughtUp(name, timeout)}
         * measured on its parts' heads; any other is measured on the application's own event store. Such a
         * projection is paused and resumed as any other (each node stops and starts its processor within a claim
         * interval of reading the pause), and rebuilt in place only: for a source with parts, the rebuild records
         * every part's head and completes once every segment reached each of them; a blue/green rebuild is refused
         * with an {@code IllegalArgumentException} naming the projection.
         */
        public Builder eventSource(StreamableMessageSource<TrackedEventMessage<?>> source) {
            assertNonNull(source, "The event source may not be null");
            this.eventSource = source;
            return this;
        }

        public CairnProjections build() {
            return new CairnProjections(this);
        }
    }
}
