package dev.cairn.relay;

import dev.cairn.projections.ProjectionState;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where a relay stands, read from storage (its processor's tokens, the event store's head, its dead letters, the
 * last publishing error it recorded), so any process can report it.
 *
 * @param name          the relay
 * @param processor     its processor's name ({@code relay-<name>})
 * @param topics        the topics its routes publish to
 * @param state         what its processor is doing
 * @param position      the global position every segment has published up to (its token store's hint, ADR 86)
 * @param head          the event store's highest global position
 * @param lagEvents     events stored after {@code position}
 * @param lag           how long ago the first event after {@code position} was stored; zero when caught up
 * @param deadLetters   events parked because they could not be published (a payload that does not serialize)
 * @param lastError     the last publishing error (an unreachable broker, a fenced producer), {@code null} once a
 *                      batch was published after it
 * @param lastErrorAt   when {@code lastError} happened, {@code null} when none
 */
public record RelayStatus(String name, String processor, List<String> topics, ProjectionState state, long position,
                          long head, long lagEvents, Duration lag, long deadLetters, String lastError,
                          Instant lastErrorAt) {

    public RelayStatus {
        topics = List.copyOf(topics);
    }

    /** @return whether the relay has published every event stored so far */
    public boolean caughtUp() {
        return lagEvents == 0;
    }
}
