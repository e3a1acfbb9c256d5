package dev.cairn.projections;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import static org.axonframework.common.BuilderUtils.assertNonNull;

/**
 * Micrometer gauges of projections (ADR 81), tag {@code projection} (its name), read from storage through a
 * {@link ProjectionStatus} source and kept for a second so that one scrape reads each projection once:
 * <ul>
 *     <li>{@value #LAG_EVENTS}: events stored after the projection's position;</li>
 *     <li>{@value #LAG_SECONDS}: how long ago the first unprocessed event was stored (0 when caught up);</li>
 *     <li>{@value #POSITION}: the global position every segment has reached;</li>
 *     <li>{@value #DEAD_LETTERS}: letters parked in its dead-letter queue.</li>
 * </ul>
 * A gauge reads {@code NaN} while its status cannot be read (the application not started, MongoDB not answering).
 * Axon's {@code axon-micrometer} measures the handlers; its {@code .latency} jumps to the event's age during a replay,
 * which these gauges do not.
 */
public final class ProjectionMeters {

    public static final String LAG_EVENTS = "cairn.projection.lag.events";
    public static final String LAG_SECONDS = "cairn.projection.lag.seconds";
    public static final String POSITION = "cairn.projection.position";
    public static final String DEAD_LETTERS = "cairn.projection.dead.letters";
    /** The tag naming a projection. */
    public static final String PROJECTION = "projection";

    private static final long CACHE_NANOS = Duration.ofSeconds(1).toNanos();

    private final Function<String, ProjectionStatus> source;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private ProjectionMeters(Function<String, ProjectionStatus> source) {
        this.source = source;
    }

    /**
     * Registers the four gauges of each of {@code names} in {@code registry}.
     *
     * @param source the status of a projection by name, e.g. a {@link ProjectionMonitor}'s {@code status}
     */
    public static ProjectionMeters bind(MeterRegistry registry, Function<String, ProjectionStatus> source,
                                        Collection<String> names) {
        assertNonNull(registry, "The MeterRegistry may not be null");
        assertNonNull(source, "The status source may not be null");
        ProjectionMeters meters = new ProjectionMeters(source);
        for (String name : names) {
            meters.gauge(registry, LAG_EVENTS, "Events stored after the projection's position", name,
                         ProjectionStatus::lagEvents);
            meters.gauge(registry, LAG_SECONDS, "Age of the first event the projection has not processed", name,
                         status -> status.oldestUnprocessedAge() == null ? 0
                                 : status.oldestUnprocessedAge().toMillis() / 1000.0);
            meters.gauge(registry, POSITION, "Global position every segment of the projection has reached", name,
                         ProjectionStatus::position);
            meters.gauge(registry, DEAD_LETTERS, "Letters parked in the projection's dead-letter queue", name,
                         ProjectionStatus::deadLetters);
        }
        return meters;
    }

    private void gauge(MeterRegistry registry, String meter, String description, String name,
                       ToDoubleFunction<ProjectionStatus> value) {
        // a strong reference: nothing else holds these meters, and a collected object reads NaN
        Gauge.builder(meter, this, meters -> meters.read(name, value)).description(description)
             .tag(PROJECTION, name).strongReference(true).register(registry);
    }

    private double read(String name, ToDoubleFunction<ProjectionStatus> value) {
        try {
            long now = System.nanoTime();
            Cached cached = cache.get(name);
            if (cached == null || now - cached.at() > CACHE_NANOS) {
                cached = new Cached(source.apply(name), now);
                cache.put(name, cached);
            }
            return value.applyAsDouble(cached.status());
        } catch (RuntimeException e) {
            // a scrape must not fail: NaN says the value is unknown
            return Double.NaN;
        }
    }

    private record Cached(ProjectionStatus status, long at) {
    }
}
