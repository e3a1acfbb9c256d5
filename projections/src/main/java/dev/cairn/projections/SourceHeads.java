package dev.cairn.projections;

import org.axonframework.eventhandling.TrackingToken;

import java.util.Map;

/**
 * An event source made of independent parts (for example every tenant's stream, ADR 85), measured part by part:
 * a projection reading it through {@link CairnProjections.Builder#eventSource} reports its status and waits for
 * catch-up against the parts' own heads, not against the application's event store.
 * <p>
 * {@link ProjectionMonitor} and {@link CairnProjections} use it when the given event source implements it.
 */
public interface SourceHeads {

    /**
     * Where a token stands in one part of the source.
     *
     * @param head     the part's highest position now
     * @param position the position the token has processed in that part, {@code 0} when it has processed nothing
     */
    record Progress(long head, long position) {

        /** @return the part's events after {@code position}: {@code head - position}, never negative */
        public long lag() {
            return Math.max(0, head - position);
        }
    }

    /**
     * @param token the token of one segment of a processor reading this source, {@code null} before its first event
     * @return by part (every part the source reads now, sorted), its head and what {@code token} has processed of it
     * @throws IllegalArgumentException naming the type of a token this source does not give
     */
    Map<String, Progress> progress(TrackingToken token);

    /**
     * @return the parts that cannot be read or measured now (their database does not answer, their stream stalls),
     * each with a sentence naming it and why; a status shows them as its {@code lastError} when its processor reports
     * none. By default none.
     */
    default Map<String, String> unavailable() {
        return Map.of();
    }
}
