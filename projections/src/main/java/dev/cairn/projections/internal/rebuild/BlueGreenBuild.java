package dev.cairn.projections.internal.rebuild;

import dev.cairn.processing.CairnStreamingProcessor;
import dev.cairn.projections.ReadModel;
import dev.cairn.projections.RebuildFailedException;
import dev.cairn.projections.RebuildMode;
import dev.cairn.projections.RebuildOptions;
import dev.cairn.projections.RebuildProgress;
import dev.cairn.projections.internal.coordination.ProcessorTimings;
import dev.cairn.projections.internal.handlers.ReadModelParameterResolverFactory;
import dev.cairn.projections.internal.readmodel.FlushingTokenStore;
import dev.cairn.projections.internal.storage.ProjectionStorage;
import dev.cairn.projections.internal.versions.ProjectionVersions;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.annotation.MultiParameterResolverFactory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * A blue/green build (ADR 42): the next version of a projection, built by this process with its own processor into
 * its own collections, switched live once it has reached every position the live version reached. The processor is
 * Cairn's streaming processor, as the live version's (ADR 95).
 */
public final class BlueGreenBuild implements RebuildWork {

    private final RebuildContext context;
    private final ProjectionStorage storage;
    private final ProjectionVersions.Build build;
    private final String processorName;
    private final CairnStreamingProcessor processor;
    private boolean stopped;
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    private BlueGreenBuild(RebuildContext context, ProjectionVersions.Build build, RebuildOptions options) {
        this.context = context;
        this.storage = context.storage();
        this.build = build;
        this.processorName = ProjectionVersions.processorName(context.projection(), build.version());
        var projection = context.local().projection();
        ProcessorTimings timings = ProcessorTimings.forClaimTimeout(storage.tokens().claimTimeout());
        ReadModel readModel = ReadModel.of(context.projection(), storage.database(),
                                           projection.options().collections(), build::version,
                                           storage.indexCreation());
        if (storage.tokens().fetchSegments(processorName).length == 0) {
            readModel.clear(); // left by an abandoned build of this version
        }
        this.processor = CairnStreamingProcessor
                .builder()
                .name(processorName)
                .eventHandlerInvoker(SimpleEventHandlerInvoker
                                             .builder()
                                             .eventHandlers(projection.handler())
                                             .parameterResolverFactory(MultiParameterResolverFactory.ordered(
                                                     new ReadModelParameterResolverFactory(
                                                             Map.of(projection.handler().getClass(), readModel)),
                                                     context.local().parameters()))
                                             .sequencingPolicy(SequentialPerAggregatePolicy.instance())
                                             .listenerInvocationErrorHandler((exception, event, handler) -> {
                                                 // the processor retries a failed batch: remember the first cause
                                                 firstFailure.compareAndSet(null, "event " + event.getIdentifier()
                                                         + " (" + event.getPayloadType().getName() + ") failed: "
                                                         + exception);
                                                 throw exception;
                                             })
                                             .build())
                .messageSource(context.local().eventSource())
                .tokenStore(new FlushingTokenStore(storage.tokens(), storage.tokens(), UnaryOperator.identity()))
                .transactionManager(NoTransactionManager.instance())
                .sequencingPolicy(SequentialPerAggregatePolicy.instance())
                .initialSegmentCount(projection.options().segments())
                .batchSize(options.batchSize())
                .initialToken(StreamableMessageSource::createTailToken)
                .tokenClaimInterval(timings.claimInterval())
                // an idle segment stores its token only when it extends its claim: soon, so the switch is not held up
                .claimExtensionThreshold(timings.idleStore())
                .build();
    }

    static BlueGreenBuild start(RebuildContext context, RebuildOptions options) {
        ProjectionVersions versions = context.storage().versions();
        versions.startBuilding(context.projection(), context.head().getAsLong(), context.storage().tokens().nodeId());
        ProjectionVersions.Build build = versions.build(context.projection()).orElseThrow(
                () -> new RebuildFailedException("Projection [" + context.projection() + "]: its blue/green build "
                                                         + "was switched or abandoned while it started"));
        BlueGreenBuild rebuild = new BlueGreenBuild(context, build, options);
        rebuild.processor.start();
        return rebuild;
    }

    /** @return the progress of {@code build}, read from the tokens of its version */
    public static RebuildProgress progress(String projection, ProjectionVersions.Build build, long lowestPosition,
                                           String phase) {
        return new RebuildProgress(projection, RebuildMode.BLUE_GREEN, build.version(), phase,
                                   Math.min(build.head(), lowestPosition), build.head(), build.startedAt(),
                                   build.by());
    }

    @Override
    public String projection() {
        return context.projection();
    }

    @Override
    public RebuildProgress progress(boolean complete) {
        long lowest = storage.lowestPosition(processorName);
        String phase = complete ? "COMPLETE" : lowest >= build.head() ? "SWITCHING" : "REPLAYING";
        return progress(context.projection(), build, lowest, phase);
    }

    @Override
    public boolean check() {
        failure().ifPresent(error -> {
            stop();
            throw new RebuildFailedException("The blue/green rebuild of projection [" + context.projection()
                                                     + "] (version " + build.version() + ") failed: " + error
                                                     + "; readers stay on version " + build.live()
                                                     + ", rebuilding again resumes it");
        });
        // do not switch readers to a version behind the live one (as read now; see ADR 42 for the bound)
        String liveName = ProjectionVersions.processorName(context.projection(), build.live());
        long target = Math.max(build.head(), storage.highestPosition(liveName));
        if (!storage.reached(processorName, target)) {
            return false;
        }
        if (!storage.versions().switchLive(context.projection(), build.live(), build.version())) {
            stop();
            throw new RebuildFailedException("Projection [" + context.projection() + "]: version " + build.live()
                                                     + " is no longer live; not switched");
        }
        stop();
        context.versions().poll(); // this node follows at once; the others within their polling bound
        return true;
    }

    @Override
    public RebuildFailedException timedOut() {
        stop();
        return new RebuildFailedException("The blue/green rebuild of projection [" + context.projection()
                                                  + "] did not catch up in time; not switched, resumable: "
                                                  + progress(false));
    }

    @Override
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            processor.shutdownAsync().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new RebuildFailedException("The rebuild processor of projection [" + context.projection()
                                                     + "] did not stop", e);
        }
    }

    private Optional<String> failure() {
        if (firstFailure.get() != null) {
            return Optional.of(firstFailure.get());
        }
        return processor.processingStatus().values().stream().filter(EventTrackerStatus::isErrorState)
                        .map(status -> String.valueOf(status.getError())).findFirst();
    }
}
