package dev.cairn.migration.internal;

import com.mongodb.client.MongoCursor;
import dev.cairn.migration.MigrationListener;
import dev.cairn.migration.MigrationProgress;
import org.bson.BsonDocument;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Copies the source's events in its stream order, a batch at a time: each batch asks the target which of its events
 * it already holds (by stream key, confirmed by event identifier) and writes only the others, above the target's head. The same pass is a first run, a
 * resumption after an interruption and a delta run after new events reached the source (ADR 82).
 */
public final class EventCopier {

    private final SourceReader source;
    private final CommitWriter writer;
    private final ProgressRecord progress;
    private final String sourceDatabase;
    private final int batchSize;
    private final MigrationListener listener;

    public EventCopier(SourceReader source, String sourceDatabase, CommitWriter writer, ProgressRecord progress,
                       int batchSize, MigrationListener listener) {
        this.source = source;
        this.sourceDatabase = sourceDatabase;
        this.writer = writer;
        this.progress = progress;
        this.batchSize = batchSize;
        this.listener = listener;
    }

    /**
     * What a pass copied.
     *
     * @param firstGlobalIndex 0 when nothing was copied
     */
    public record Copied(long read, long copied, long alreadyCopied, List<String> duplicates, long firstGlobalIndex,
                         long lastGlobalIndex) {
    }

    /**
     * @param write {@code false} for a dry run: find what would be copied, write nothing
     */
    public Copied copy(boolean write) {
        long total = source.count();
        long head = writer.head();
        long first = 0;
        long read = 0;
        long copied = 0;
        long already = 0;
        Set<String> seen = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        List<List<SourceEvent>> batch = new ArrayList<>();
        int events = 0;
        long documents = 0;
        try (MongoCursor<BsonDocument> cursor = source.cursor(batchSize)) {
            while (cursor.hasNext()) {
                List<SourceEvent> group = source.events(cursor.next());
                documents++;
                batch.add(group);
                events += group.size();
                if (events >= batchSize || !cursor.hasNext()) {
                    Set<String> stored = writer.stored(events(batch));
                    List<List<SourceEvent>> toWrite = new ArrayList<>();
                    for (List<SourceEvent> each : batch) {
                        read += each.size();
                        List<SourceEvent> missing = new ArrayList<>();
                        for (SourceEvent event : each) {
                            if (stored.contains(event.eventIdentifier())) {
                                already++;
                            } else if (!seen.add(event.eventIdentifier())) {
                                duplicates.add(event.eventIdentifier());
                            } else {
                                missing.add(event);
                            }
                        }
                        if (!missing.isEmpty()) {
                            toWrite.add(missing);
                        }
                    }
                    long count = toWrite.stream().mapToLong(List::size).sum();
                    if (count > 0) {
                        if (first == 0) {
                            first = head + 1;
                        }
                        if (write) {
                            // reserve before writing: a run killed between the two is still recognized as ours
                            progress.reserve(head + count, sourceDatabase, source.collectionName());
                            writer.write(toWrite, head + 1);
                        }
                        head += count;
                        copied += count;
                    }
                    listener.progress(new MigrationProgress("events", documents, Math.max(total, documents)));
                    batch.clear();
                    seen.clear();
                    events = 0;
                }
            }
        }
        // duplicates within a batch are listed here; a later repeat of an identifier is found stored like a rerun's
        return new Copied(read, copied, already, duplicates, first, copied == 0 ? 0 : head);
    }

    private static List<SourceEvent> events(List<List<SourceEvent>> batch) {
        List<SourceEvent> events = new ArrayList<>();
        batch.forEach(events::addAll);
        return events;
    }
}
