package dev.cairn.projections.internal;

import com.mongodb.client.MongoDatabase;
import dev.cairn.processing.AdvancingTokenStore;
import dev.cairn.processing.Lease;
import dev.cairn.processing.MongoTokenStore;
import dev.cairn.projections.internal.handlers.Projection;
import dev.cairn.projections.internal.readmodel.FlushingTokenStore;
import dev.cairn.projections.internal.storage.ProjectionStorage;
import org.axonframework.config.Configurer;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.serialization.Serializer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static dev.cairn.projections.internal.ProjectionPhases.AFTER_PROCESSORS;
import static dev.cairn.projections.internal.ProjectionPhases.BEFORE_PROCESSORS;
import static dev.cairn.projections.internal.ProjectionPhases.PROCESSORS_BUILT;
import static dev.cairn.projections.internal.ProjectionPhases.RUNTIME;

/**
 * The projections of one application put together (ADR 44): storage and read models when the application is
 * configured, registration with Axon ({@link ProjectionRegistration}), version following ({@link VersionFollowing}),
 * and, once it started, the {@link RunningProjections}; each part at its {@link ProjectionPhases phase}.
 */
public final class ProjectionWiring {

    private final Map<String, Projection> projections = new LinkedHashMap<>();
    private final ProjectionStorage storage;
    private final ReadModels readModels;
    private final VersionFollowing versions;
    private final AdvancingTokenStore advancingTokens;
    private final SharedEventSource eventSource;
    private final PauseFollowing pauses;
    private volatile RunningProjections running;

    private ProjectionWiring(List<Projection> projections, ProjectionStorage storage,
                             StreamableMessageSource<TrackedEventMessage<?>> givenSource) {
        this.eventSource = new SharedEventSource(givenSource);
        projections.forEach(projection -> this.projections.put(projection.name(), projection));
        this.storage = storage;
        this.versions = new VersionFollowing(storage.versions(), this.projections.keySet(),
                                             name -> running == null ? Optional.empty() : running.processor(name));
        this.readModels = new ReadModels(projections, storage.database(), versions.watcher(),
                                         storage.indexCreation());
        // tracking processors (on a given source) ask no fair share, so they follow pauses this way
        this.pauses = new PauseFollowing(storage.control(), eventSource.given() ? this.projections.keySet() : List.of(),
                                         name -> running == null ? Optional.empty() : running.processor(name),
                                         Math.min(250, storage.tokens().claimTimeout().toMillis() / 4));
        // idle segments' tokens follow what their processor consumed, at rest and at shutdown too
        this.advancingTokens = AdvancingTokenStore.builder().delegate(storage.tokens())
                                                  .processors(versions::processorOfVersion)
                                                  .claimExtensionInterval(
                                                          storage.tokens().claimTimeout().dividedBy(3))
                                                  .build();
    }

    /**
     * Wires {@code projections} into the application {@code configurer} builds.
     *
     * @param customizations adjust the shared token store
     * @param indexCreation  whether the token store, dead-letter queues and read models create their indexes, or only
     *                       check them (the application's {@code indexCreation} option)
     * @param givenSource    the source the processors read instead of the application's event store, or
     *                       {@code null}
     */
    public static ProjectionWiring configure(List<Projection> projections,
                                             List<Consumer<MongoTokenStore.Builder>> customizations,
                                             Configurer configurer, MongoDatabase database, Serializer serializer,
                                             boolean indexCreation,
                                             StreamableMessageSource<TrackedEventMessage<?>> givenSource) {
        // lease format 3: a node of the release before never replays a batch of read-model format 2 (ADR 89)
        MongoTokenStore.Builder tokens = MongoTokenStore.builder().database(database).serializer(serializer)
                                                        .indexCreation(indexCreation).leaseFormat(Lease.NEWEST);
        customizations.forEach(customization -> customization.accept(tokens));
        ProjectionWiring wiring = new ProjectionWiring(projections,
                                                       new ProjectionStorage(database, tokens.build(), indexCreation),
                                                       givenSource);
        wiring.wire(configurer);
        return wiring;
    }

    /** @return the projections of the started application; empty until it started */
    public Optional<RunningProjections> running() {
        return Optional.ofNullable(running);
    }

    private void wire(Configurer configurer) {
        Map<String, FairShare> shares = ProjectionRegistration.register(
                configurer, projections.values(), storage, readModels,
                new FlushingTokenStore(advancingTokens, storage.tokens(), versions.watcher()::processorName),
                versions.watcher(),
                eventSource);
        configurer.onInitialize(c -> c.onStart(RUNTIME, () -> running = new RunningProjections(
                c, projections, storage, readModels, versions.watcher(), eventSource,
                name -> advancingTokens.advanceIdle(versions.watcher().processorName(name)))));
        configurer.onStart(PROCESSORS_BUILT, () -> shares.values().forEach(FairShare::arm));
        configurer.onStart(BEFORE_PROCESSORS, () -> readModels.sweepMarkers(storage.tokens(), versions.watcher()));
        configurer.onStart(AFTER_PROCESSORS, versions::start);
        configurer.onStart(AFTER_PROCESSORS, pauses::start);
        configurer.onShutdown(AFTER_PROCESSORS, () -> {
            pauses.close();
            projections.keySet().forEach(name -> advancingTokens.advanceIdle(versions.watcher().processorName(name)));
            versions.close();
            running().ifPresent(RunningProjections::stopRebuilds);
        });
        configurer.onShutdown(BEFORE_PROCESSORS, eventSource::close);
        configurer.onShutdown(RUNTIME, () -> shares.forEach((name, share) -> share.leave(name)));
    }
}
