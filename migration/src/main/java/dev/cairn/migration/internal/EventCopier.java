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
 * this run has not copied already, and whose aggregate sequence number no other event holds ({@link Triage}).
 * Consecutive events of one aggregate share a commit ({@link CommitPlan}); a batch is written while the next is read
 * ({@link BatchWriter}). The same pass is a first run, a resumption after an interruption and a delta run after new
 * events reached the source (ADR 82).
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
    public record Copied(long read, long copied, long alreadyCopied, List<String> duplicates,
                         List<String> conflicts, long firstGlobalIndex, long lastGlobalIndex) {
    }

    /**
     * @param write {@code false} for a dry run: find what would be copied, write nothing
     */
    public Copied copy(boolean write) {
        long total = source.count();
        long head = writer.head();
        // a target this migration wrote to before: its identifiers and stream keys, read once (a delta run pays one
        // pass, not a query per batch); on an empty target nothing can be stored yet
        Triage triage = new Triage(progress.reservedUpTo() > 0 ? writer.stored(batchSize) : CommitWriter.Stored.none());
        long first = 0;
        long read = 0;
        long copied = 0;
        long already = 0;
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
                    switch (triage.judge(event)) {
                        case COPY -> missing.add(event);
                        case ALREADY_COPIED -> already++;
                        default -> {
                            // a repeat or a conflict: listed by the triage, not copied
                        }
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
        return new Copied(read, copied, already, triage.repeated(), triage.conflicting(), first,
                          copied == 0 ? 0 : head);
    }

}
