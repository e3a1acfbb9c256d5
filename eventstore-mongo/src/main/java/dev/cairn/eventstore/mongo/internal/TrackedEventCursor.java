package dev.cairn.eventstore.mongo.internal;

import dev.cairn.eventstore.mongo.layout.StorageLayout;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventData;
import org.bson.BsonBinaryReader;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.DecoderContext;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * Reads the global event stream after a token through one long server cursor, computing each event's gap-aware
 * token on the way.
 * <p>
 * A query asks for commits whose {@code lastGlobalIndex} is above the token's index or is one of its gaps. When the
 * cursor is exhausted, the stream queries again from the running token (picking up late commits in gaps and commits
 * stored meanwhile); it ends when a query returns nothing. Every commit a query returns advances the token past it,
 * so a query never returns the same commit twice.
 * <p>
 * A cursor is not a snapshot: it can pass the position of a commit that is inserted a moment later and still return a
 * commit inserted after that one. So whenever a batch of commits lies above gaps, those gaps are looked up once more
 * after the batch has arrived, and what they hold is delivered first. Any commit stored before a commit of the batch
 * is visible to that lookup, so the events of one aggregate are always delivered in order; what is still missing was
 * not yet stored when the batch's commits were.
 */
public final class TrackedEventCursor implements Iterator<TrackedEventData<?>>, AutoCloseable {

    private static final BsonDocumentCodec DOCUMENT_CODEC = new BsonDocumentCodec();

    private final MongoCollection<? extends BsonDocument> events;
    private final GapTracker gapTracker;
    private final Function<BsonDocument, List<StoredEvent>> reader;
    private final int maxGapOffset;
    private final int cursorBatchSize;
    private final int commitsPerQuery;
    private final Deque<TrackedEventData<?>> ready = new ArrayDeque<>();
    private final Deque<BsonDocument> batch = new ArrayDeque<>();
    private GapAwareTrackingToken running;
    private MongoCursor<? extends BsonDocument> cursor;
    private boolean commitsInThisQuery;
    private boolean exhausted;

    /**
     * @return {@code token} as the gap-aware token a cursor starts from; the tail of the store for {@code null}
     * @throws IllegalArgumentException when {@code token} is another kind of token
     */
    public static GapAwareTrackingToken gapAware(org.axonframework.eventhandling.TrackingToken token) {
        if (token == null) {
            return GapAwareTrackingToken.newInstance(0, List.of());
        }
        if (token instanceof GapAwareTrackingToken gapAware) {
            return gapAware;
        }
        throw new IllegalArgumentException("MongoEventStorageEngine tracks with a GapAwareTrackingToken, not with ["
                                                   + token + "]");
    }

    /**
     * @param events          the event collection; with {@code RawBsonDocument} as its document class a batch of
     *                        commits waits in memory as the bytes the server sent, each read when its turn comes
     * @param reader          reads the events of a commit document, failing on malformed documents
     * @param cursorBatchSize commit documents per server round trip
     * @param commitsPerQuery the most commit documents one query returns; {@code 0} for no limit
     */
    public TrackedEventCursor(MongoCollection<? extends BsonDocument> events,
                              GapAwareTrackingToken start,
                              GapTracker gapTracker,
                              Function<BsonDocument, List<StoredEvent>> reader,
                              int maxGapOffset,
                              int cursorBatchSize,
                              int commitsPerQuery) {
        this.events = events;
        this.running = start;
        this.gapTracker = gapTracker;
        this.reader = reader;
        this.maxGapOffset = maxGapOffset;
        this.cursorBatchSize = cursorBatchSize;
        this.commitsPerQuery = commitsPerQuery;
    }

    @Override
    public boolean hasNext() {
        while (ready.isEmpty() && !exhausted) {
            readNextCommit();
        }
        return !ready.isEmpty();
    }

    @Override
    public TrackedEventData<?> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.poll();
    }

    private void readNextCommit() {
        if (batch.isEmpty() && !fetchBatch()) {
            return;
        }
        BsonDocument commit = decoded(batch.poll());
        List<StoredEvent> stored = reader.apply(commit);
        long[] range = CommitDocuments.range(commit);
        for (long index = range[0]; index <= range[1]; index++) {
            if (index > running.getIndex() || running.getGaps().contains(index)) {
                running = running.advanceTo(index, maxGapOffset);
                gapTracker.filled(index);
                if (!stored.isEmpty()) {
                    // a void commit has no events: the next event's token carries the progress over its range
                    ready.add(stored.get((int) (index - range[0])).tracked(running));
                }
            }
        }
    }

    /**
     * @return whether a batch was fetched; {@code false} when the query is exhausted
     */
    private boolean fetchBatch() {
        if (cursor == null) {
            running = gapTracker.withoutExpiredGaps(running);
            cursor = events.find(filter())
                           .sort(Sorts.ascending(StorageLayout.LAST_GLOBAL_INDEX))
                           .limit(commitsPerQuery)
                           .batchSize(cursorBatchSize)
                           .iterator();
            commitsInThisQuery = false;
        }
        if (!cursor.hasNext()) {
            cursor.close();
            cursor = null;
            exhausted = !commitsInThisQuery;
            return false;
        }
        commitsInThisQuery = true;
        List<BsonDocument> fetched = new ArrayList<>();
        fetched.add(cursor.next());
        for (int buffered = cursor.available(); buffered > 0; buffered--) {
            fetched.add(cursor.next());
        }
        batch.addAll(withGapsBelowRechecked(fetched));
        return true;
    }

    private List<BsonDocument> withGapsBelowRechecked(List<BsonDocument> fetched) {
        List<Long> gaps = PassedGaps.below(running, fetched, maxGapOffset);
        if (gaps.isEmpty()) {
            return fetched;
        }
        Map<BsonValue, BsonDocument> merged = new HashMap<>();
        fetched.forEach(commit -> merged.put(commit.get(StorageLayout.ID), commit));
        events.find(Filters.in(StorageLayout.LAST_GLOBAL_INDEX, gaps))
              .forEach(commit -> merged.putIfAbsent(commit.get(StorageLayout.ID), commit));
        if (merged.size() == fetched.size()) {
            return fetched;
        }
        List<BsonDocument> ordered = new ArrayList<>(merged.values());
        ordered.sort(Comparator.comparingLong(PassedGaps::lastIndex));
        return ordered;
    }

    /**
     * A raw commit is decoded once, when its turn comes: reading fields from raw bytes scans them on every access.
     */
    private static BsonDocument decoded(BsonDocument commit) {
        if (commit instanceof RawBsonDocument raw) {
            try (BsonBinaryReader reader = new BsonBinaryReader(raw.getByteBuffer().asNIO())) {
                return DOCUMENT_CODEC.decode(reader, DecoderContext.builder().build());
            }
        }
        return commit;
    }

    private Bson filter() {
        Bson after = Filters.gt(StorageLayout.LAST_GLOBAL_INDEX, running.getIndex());
        return running.hasGaps()
                ? Filters.or(after, Filters.in(StorageLayout.LAST_GLOBAL_INDEX, running.getGaps()))
                : after;
    }

    @Override
    public void close() {
        if (cursor != null) {
            cursor.close();
            cursor = null;
        }
        exhausted = true;
    }
}
