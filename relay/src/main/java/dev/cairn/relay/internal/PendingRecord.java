package dev.cairn.relay.internal;

import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A record waiting for its batch's transaction.
 *
 * @param record   the record
 * @param hash     the hash of its event's sequence identifier (which segment it belongs to)
 * @param position its event's global position
 */
public record PendingRecord(ProducerRecord<String, byte[]> record, int hash, long position) {
}
