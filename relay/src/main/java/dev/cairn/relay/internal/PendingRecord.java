package dev.cairn.relay.internal;

import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.Set;

/**
 * A record waiting for its batch's transaction.
 *
 * @param record   the record
 * @param hash     the hash of its event's sequence identifier (which segment it belongs to)
 * @param index    its event's tracking token's index: its global position, unless it filled a gap
 * @param gaps     its event's tracking token's gaps
 */
public record PendingRecord(ProducerRecord<String, byte[]> record, int hash, long index, Set<Long> gaps) {

    public PendingRecord {
        gaps = Set.copyOf(gaps);
    }
}
