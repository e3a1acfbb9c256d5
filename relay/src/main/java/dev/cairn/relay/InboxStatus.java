package dev.cairn.relay;

import java.time.Instant;
import java.util.Map;

/**
 * Where an inbox stands, read from its own storage.
 *
 * @param name        the inbox
 * @param topic       the topic it consumes
 * @param positions   per partition, the highest offset whose record is done (command completed, or parked)
 * @param parked      records parked: failed after every attempt, or waiting behind a parked record of their key
 * @param lastError   the last failure recorded, {@code null} when none
 * @param lastErrorAt when it happened, {@code null} when none
 */
public record InboxStatus(String name, String topic, Map<Integer, Long> positions, long parked, String lastError,
                          Instant lastErrorAt) {

    public InboxStatus {
        positions = Map.copyOf(positions);
    }
}
