package dev.cairn.projections.internal.versions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * What one node knows about the versions of its projections (ADR 42): the version each local processor is pinned to,
 * and the live versions read from the aliases at most {@link #POLL} ago. When a projection's live version differs
 * from its pinned one, the node's switch action runs (stop the processor, re-pin, start it).
 */
public final class VersionWatcher implements AutoCloseable {

    /** How often a node reads the aliases: the bound within which readers and processors follow a switch. */
    public static final Duration POLL = Duration.ofMillis(250);
    private static final Logger logger = LoggerFactory.getLogger(VersionWatcher.class);

    private final ProjectionVersions versions;
    private final List<String> projections;
    private final Map<String, Integer> pinned = new ConcurrentHashMap<>();
    private volatile Map<String, Integer> live = Map.of();
    private volatile BiConsumer<String, Integer> onSwitch = (projection, version) -> { };
    private ScheduledExecutorService scheduler;

    public VersionWatcher(ProjectionVersions versions, List<String> projections) {
        this.versions = versions;
        this.projections = List.copyOf(projections);
    }

    /** Reads the live versions and pins every projection to its live version. */
    public void load() {
        live = Map.copyOf(versions.liveVersions());
        projections.forEach(projection -> pinned.put(projection, live.getOrDefault(projection, 1)));
    }

    /** Starts polling; {@code switchAction} runs on the polling thread for each projection whose live version moved. */
    public synchronized void start(BiConsumer<String, Integer> switchAction) {
        this.onSwitch = switchAction;
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "cairn-projection-versions");
                thread.setDaemon(true);
                return thread;
            });
            scheduler.scheduleWithFixedDelay(this::poll, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Reads the aliases now and runs the switch action where needed. */
    public synchronized void poll() {
        try {
            live = Map.copyOf(versions.liveVersions());
            for (String projection : projections) {
                int current = live(projection);
                if (current != pinned(projection)) {
                    onSwitch.accept(projection, current);
                }
            }
        } catch (RuntimeException e) {
            // the database may be briefly unreachable: readers keep the last known versions, the next poll retries
            logger.debug("Reading projection versions failed", e);
        }
    }

    /** @return the version the local processor of {@code projection} runs */
    public int pinned(String projection) {
        return pinned.getOrDefault(projection, 1);
    }

    /** Pins the local processor of {@code projection} to {@code version}. */
    public void pin(String projection, int version) {
        pinned.put(projection, version);
    }

    /** @return the version readers of {@code projection} use, as last read */
    public int live(String projection) {
        return live.getOrDefault(projection, 1);
    }

    /** @return the processor (token) name the local processor of {@code projection} uses */
    public String processorName(String projection) {
        return projections.contains(projection)
                ? ProjectionVersions.processorName(projection, pinned(projection)) : projection;
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
