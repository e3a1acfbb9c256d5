package dev.cairn.projections.internal.rebuild;

import dev.cairn.processing.StoredSegment;
import dev.cairn.projections.SourceHeads;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measures an in-place rebuild of a projection over a source with parts (every tenant's stream, ADR 85) on each
 * part's own head: positions in independent streams do not add up, so the rebuild records every part's head when it
 * starts and completes once every segment reached each of them. A part the source no longer reads (a removed tenant)
 * is not waited for.
 */
final class PartHeads {

    private final SourceHeads source;
    private final Map<String, Long> heads;

    private PartHeads(SourceHeads source, Map<String, Long> heads) {
        this.source = source;
        this.heads = heads;
    }

    /** @return the heads of {@code source}'s parts now, as the target of a rebuild */
    static PartHeads now(SourceHeads source) {
        Map<String, Long> heads = new TreeMap<>();
        source.progress(null).forEach((part, progress) -> heads.put(part, progress.head()));
        return new PartHeads(source, heads);
    }

    /** @return the events of every part up to its recorded head: what the rebuild covers */
    long total() {
        return heads.values().stream().mapToLong(Long::longValue).sum();
    }

    /** @return whether every segment reached every part's recorded head (the part still read) */
    boolean reached(List<StoredSegment> segments) {
        if (segments.isEmpty()) {
            return total() == 0;
        }
        for (StoredSegment segment : segments) {
            Map<String, SourceHeads.Progress> reached = source.progress(segment.token());
            for (Map.Entry<String, Long> head : heads.entrySet()) {
                SourceHeads.Progress part = reached.get(head.getKey());
                if (part != null && part.position() < head.getValue()) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * @return the events replayed so far: per part, the lowest position its segments reached there, at most its
     * recorded head (a part no longer read counts as done)
     */
    long done(List<StoredSegment> segments) {
        Map<String, Long> lowest = new TreeMap<>(heads);
        for (StoredSegment segment : segments) {
            Map<String, SourceHeads.Progress> reached = source.progress(segment.token());
            heads.keySet().forEach(part -> {
                SourceHeads.Progress progress = reached.get(part);
                if (progress != null) {
                    lowest.merge(part, progress.position(), Math::min);
                }
            });
        }
        if (segments.isEmpty()) {
            return 0;
        }
        return lowest.values().stream().mapToLong(Long::longValue).sum();
    }
}
