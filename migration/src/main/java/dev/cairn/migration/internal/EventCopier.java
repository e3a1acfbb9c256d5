package dev.cairn.migration.internal;

import com.mongodb.client.MongoCursor;
import dev.cairn.migration.MigrationListener;
import dev.cairn.migration.MigrationProgress;
import org.bson.BsonDocument;

import java.util.ArrayList;
import java.util.List;

/**
 * Copies the source's events in its stream order, a batch at a time, above the target's head: each event whose
 * identifier the target does not hold yet (read once at the start of a run on a target this migration wrote to) and
 * this run has not copied already. The same pass is a first run, a resumption after an interruption and a delta run
 * after new events reached the source (ADR 82).
 */
public final class EventCopier {

    /** Duplicate identifiers listed at most; the rest are counted. */
    static final int LISTED = 1000;

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
        // a target this migration wrote to before: its identifiers, read once (a delta run pays one pass, not a
        // query per batch); on an empty target nothing can be stored yet
        IdentifierSet before = progress.reservedUpTo() > 0 ? writer.storedIdentifiers(batchSize) : new IdentifierSet();
        IdentifierSet thisRun = new IdentifierSet();
        long first = 0;
        long read = 0;
        long copied = 0;
        long already = 0;
        List<String> duplicates = new ArrayList<>();
        long duplicateCount = 0;
        CommitPlan batch = new CommitPlan();
        long documents = 0;
        try (BatchWriter batches = new BatchWriter(writer, progress, sourceDatabase, source.collectionName());
             MongoCursor<BsonDocument> cursor = source.cursor(batchSize)) {
            while (cursor.hasNext()) {
                List<SourceEvent> group = source.events(cursor.next());
                documents++;
                List<SourceEvent> missing = new ArrayList<>(group.size());
                for (SourceEvent event : group) {
                    read++;
                    if (before.contains(event.eventIdentifier())) {
                        already++;
                    } else if (!thisRun.add(event.eventIdentifier())) {
                        duplicateCount++;
                        if (duplicates.size() < LISTED) {
                            duplicates.add(event.eventIdentifier());
                        }
                    } else {
                        missing.add(event);
                    }
                }
                if (!missing.isEmpty()) {
                    batch.add(missing);
                }
                if (batch.events() >= batchSize || (!cursor.hasNext() && !batch.isEmpty())) {
                    if (first == 0) {
                        first = head + 1;
                    }
                    if (write) {
                        batches.submit(batch, head + 1);
                    }
                    head += batch.events();
                    copied += batch.events();
                    batch = new CommitPlan();
                }
                if (documents % batchSize == 0 || !cursor.hasNext()) {
                    listener.progress(new MigrationProgress("events", documents, Math.max(total, documents)));
                }
            }
            batches.flush();
        }
        if (duplicateCount > duplicates.size()) {
            duplicates.add("(" + (duplicateCount - duplicates.size()) + " more duplicate identifiers not listed)");
        }
        return new Copied(read, copied, already, duplicates, first, copied == 0 ? 0 : head);
    }

}
