package dev.cairn.migration.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The commits one batch of source events becomes, in source order. A group the source stored together (one event, or
 * one source commit) is never split; a group that continues the previous commit's aggregate (same aggregate, next
 * sequence number, nothing of another aggregate in between) joins that commit, as one append of several events is
 * stored, up to {@value #MAX_EVENTS} events and about {@value #MAX_BYTES} bytes of payload and metadata. Global
 * indexes, and so the global order, are the same either way; fewer, larger documents are what makes a bulk copy fast
 * (ADR 82).
 */
final class CommitPlan {

    /** Events in one joined commit at most. */
    static final int MAX_EVENTS = 100;
    /** Serialized payload and metadata of one joined commit at most (well under a document's 16 MB). */
    static final int MAX_BYTES = 1 << 20;

    private final List<List<SourceEvent>> commits = new ArrayList<>();
    private int events;
    private long openBytes;

    /** Adds a group the source stored together, joining the open commit when it continues its aggregate. */
    void add(List<SourceEvent> group) {
        long bytes = 0;
        for (SourceEvent event : group) {
            bytes += event.storedSize();
        }
        List<SourceEvent> open = commits.isEmpty() ? null : commits.get(commits.size() - 1);
        if (open != null && continues(open, group) && open.size() + group.size() <= MAX_EVENTS
                && openBytes + bytes <= MAX_BYTES) {
            open.addAll(group);
            openBytes += bytes;
        } else {
            commits.add(new ArrayList<>(group));
            openBytes = bytes;
        }
        events += group.size();
    }

    /** @return the commits planned, in order */
    List<List<SourceEvent>> commits() {
        return commits;
    }

    /** @return the events planned */
    int events() {
        return events;
    }

    boolean isEmpty() {
        return events == 0;
    }

    private static boolean continues(List<SourceEvent> open, List<SourceEvent> group) {
        SourceEvent previous = open.get(open.size() - 1);
        String aggregate = previous.aggregateIdentifier();
        if (aggregate == null) {
            return false;
        }
        long next = previous.sequenceNumber() + 1;
        for (SourceEvent event : group) {
            if (!aggregate.equals(event.aggregateIdentifier()) || event.sequenceNumber() != next++) {
                return false;
            }
        }
        return true;
    }
}
