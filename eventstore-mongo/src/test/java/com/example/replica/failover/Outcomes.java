package com.example.replica.failover;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What writers were told about their commits, by event identifier: acknowledged, rejected as a conflict on the first
 * attempt, or of unknown outcome (a failover, a write timeout) and then retried with the same identifiers.
 */
final class Outcomes {

    final Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
    final Queue<String> conflicted = new ConcurrentLinkedQueue<>();
    final Queue<String> unknown = new ConcurrentLinkedQueue<>();
    final Queue<String> failures = new ConcurrentLinkedQueue<>();

    void acknowledged(List<String> identifiers) {
        acknowledged.addAll(identifiers);
    }

    void conflicted(List<String> identifiers) {
        conflicted.addAll(identifiers);
    }

    void unknown(List<String> identifiers, RuntimeException cause) {
        unknown.addAll(identifiers);
        failures.add(String.valueOf(cause));
    }
}
