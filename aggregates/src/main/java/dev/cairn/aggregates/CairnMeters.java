package dev.cairn.aggregates;

import dev.cairn.eventstore.mongo.AppendListener;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import static org.axonframework.common.BuilderUtils.assertNonNull;

/**
 * Cairn's Micrometer meters of the event store and idempotent commands (ADR 81), the same for
 * {@code Cairn.builder().meterRegistry(...)} and the Spring Boot auto-configuration. Tags are bounded: the aggregate
 * <em>type</em>, never an identifier. Handler timers and message counters are Axon's own ({@code axon-micrometer}).
 * <ul>
 *     <li>{@value #EVENTS_APPENDED}: counter of stored events, tag {@code aggregate};</li>
 *     <li>{@value #APPEND_LATENCY}: timer of stored commits, from the append to its acknowledgement;</li>
 *     <li>{@value #APPEND_CONFLICTS}: counter of commits refused for a concurrent one, tag {@code aggregate};</li>
 *     <li>{@value #CLAIMS_LOST}: commits laid out again after another node took their index
 *     ({@link MongoEventStorageEngine#lostClaims()});</li>
 *     <li>{@value #SNAPSHOTS_TAKEN}: counter of stored snapshots, tag {@code aggregate};</li>
 *     <li>{@value #IDEMPOTENT_REPEATS}: commands answered with their key's first outcome
 *     ({@link IdempotentCommands#repeats()});</li>
 *     <li>{@value #DEADLINES_PARKED}: deadlines parked after failing (bound with {@link #gauge}).</li>
 * </ul>
 * Projection meters ({@code cairn.projection.*}) are bound by the projections module.
 */
public final class CairnMeters implements AppendListener {

    public static final String EVENTS_APPENDED = "cairn.events.appended";
    public static final String APPEND_LATENCY = "cairn.append.latency";
    public static final String APPEND_CONFLICTS = "cairn.append.conflicts";
    public static final String CLAIMS_LOST = "cairn.claims.lost";
    public static final String SNAPSHOTS_TAKEN = "cairn.snapshots.taken";
    public static final String IDEMPOTENT_REPEATS = "cairn.idempotent.repeats";
    public static final String DEADLINES_PARKED = "cairn.deadlines.parked";
    /** The tag naming an aggregate type. */
    public static final String AGGREGATE = "aggregate";

    private static final String NO_AGGREGATE = "none";

    private final MeterRegistry registry;
    private final Timer appendLatency;
    /** Counters by name and aggregate type: the append path looks them up instead of building an id per event. */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    /**
     * @param registry where the meters are registered; pass this object to the engine's
     *                 {@link MongoEventStorageEngine.Builder#appendListener}
     */
    public CairnMeters(MeterRegistry registry) {
        assertNonNull(registry, "The MeterRegistry may not be null");
        this.registry = registry;
        this.appendLatency = Timer.builder(APPEND_LATENCY).description("Time to store a commit of events")
                                  .register(registry);
    }

    /** @return the registry the meters are in (extensions register theirs there too) */
    public MeterRegistry registry() {
        return registry;
    }

    /** Registers {@value #CLAIMS_LOST}, read from {@code engine}. */
    public CairnMeters bindClaims(MongoEventStorageEngine engine) {
        FunctionCounter.builder(CLAIMS_LOST, engine, MongoEventStorageEngine::lostClaims)
                       .description("Commits laid out again after another node's commit took their index")
                       .register(registry);
        return this;
    }

    /** Registers {@value #IDEMPOTENT_REPEATS}, read from {@code idempotency}. */
    public CairnMeters bindIdempotency(IdempotentCommands idempotency) {
        FunctionCounter.builder(IDEMPOTENT_REPEATS, idempotency, IdempotentCommands::repeats)
                       .description("Commands answered with their idempotency key's first outcome")
                       .register(registry);
        return this;
    }

    /** Registers a gauge, e.g. {@value #DEADLINES_PARKED} from the deadline manager. */
    public CairnMeters gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
        return this;
    }

    @Override
    public void appended(List<? extends EventMessage<?>> events, Duration took) {
        appendLatency.record(took);
        for (EventMessage<?> event : events) {
            counter(EVENTS_APPENDED, "Events stored", aggregateOf(event)).increment();
        }
    }

    @Override
    public void conflicted(List<? extends EventMessage<?>> events) {
        counter(APPEND_CONFLICTS, "Commits refused because another stored an event at one of their sequence numbers",
                events.isEmpty() ? NO_AGGREGATE : aggregateOf(events.get(0))).increment();
    }

    @Override
    public void snapshotStored(DomainEventMessage<?> snapshot) {
        counter(SNAPSHOTS_TAKEN, "Snapshots stored", aggregateOf(snapshot)).increment();
    }

    private Counter counter(String name, String description, String aggregate) {
        return counters.computeIfAbsent(name + '\n' + aggregate, key -> Counter.builder(name).description(description)
                                                                               .tag(AGGREGATE, aggregate)
                                                                               .register(registry));
    }

    private static String aggregateOf(EventMessage<?> event) {
        return event instanceof DomainEventMessage<?> domain && domain.getType() != null ? domain.getType()
                : NO_AGGREGATE;
    }
}
