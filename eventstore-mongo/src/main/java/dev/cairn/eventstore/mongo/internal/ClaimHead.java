package dev.cairn.eventstore.mongo.internal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import dev.cairn.eventstore.mongo.layout.StorageLayout;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The highest global index this node knows to be stored durably, from which the next round is laid out (ADR 70).
 * <p>
 * The head only rises: from the start-up value, from this node's acknowledged inserts, and from {@link #refresh()},
 * which follows the chain of stored commits above it (commits tile the indexes, so each one starts right after the
 * previous one ends), or reads the highest stored commit when the chain is long. A stale head is harmless: the commit
 * just above it holds the index a round would claim, so the insert is rejected on {@code _id} and the round is laid
 * out again after a refresh. After such a lost claim the head
 * is refreshed before every round until a refresh finds nothing new (contention mode), and a head older than its
 * maximum age is refreshed before use. Not thread-safe: the group committer's lock guards it.
 */
public final class ClaimHead {

    private static final int MIN_WINDOW = 16;
    private static final int MAX_WINDOW = 4_096;
    private static final String EVENT_IDENTIFIERS = StorageLayout.eventField(StorageLayout.EVENT_IDENTIFIER);

    private final MongoCollection<BsonDocument> majorityEvents;
    private final LongSupplier nanoClock;
    private final long maxAgeNanos;
    private long head;
    private long learnedAt;
    private boolean contended;
    private boolean justRefreshed;
    private int largestRound = 1;
    private long lastRise;
    private volatile long lostClaims; // written under the committer's lock, read by anyone

    /**
     * @param majorityEvents the event collection read at read concern {@code majority}, so a head survives failover
     * @param start          the highest index stored or handed out before (at least the legacy floor)
     * @param maxAgeNanos    a head learned longer ago than this is refreshed before use
     */
    public ClaimHead(MongoCollection<BsonDocument> majorityEvents, long start, long maxAgeNanos, LongSupplier nanoClock) {
        this.majorityEvents = majorityEvents;
        this.nanoClock = nanoClock;
        this.maxAgeNanos = maxAgeNanos;
        this.head = start;
        this.learnedAt = nanoClock.getAsLong();
    }

    /**
     * @param indexes the number of indexes the next round needs
     * @return the index the next round's first commit claims: refreshed first when contended or old
     */
    long firstOfNextRound(int indexes) {
        largestRound = Math.max(largestRound, Math.min(indexes, MAX_WINDOW / 2));
        if (!justRefreshed && (contended || nanoClock.getAsLong() - learnedAt > maxAgeNanos)) {
            contended = refresh().rose();
        }
        justRefreshed = false;
        return head + 1;
    }

    /**
     * Raises the head to a commit of this node that the server acknowledged.
     */
    void stored(long lastGlobalIndex) {
        head = Math.max(head, lastGlobalIndex);
        learnedAt = nanoClock.getAsLong();
    }

    /**
     * Records that another commit holds the index this node claimed; the next rounds refresh the head first.
     */
    void lost() {
        contended = true;
        lostClaims++;
    }

    /**
     * @return how many claims this node lost to other commits (for tests and benchmarks)
     */
    public long lostClaims() {
        return lostClaims;
    }

    /**
     * @return the current head
     */
    public long head() {
        return head;
    }

    /**
     * Learns the highest stored boundary in at most two queries (round trips): one for the commits starting at
     * {@code head+1 .. head+W} (point lookups on {@code _id}), whose chain gives the new head; and, only when the chain
     * runs past that window, one for the highest stored commit (the {@code lastGlobalIndex} index, read backwards),
     * which is a stored boundary by tiling, as the start-up head is. {@code W} is twice the larger of the largest
     * recent round and the previous refresh's rise, so a node that refreshes while others write at a steady rate
     * usually needs one query. Walking a far chain window after window instead costs a round trip per doubling, and a
     * node on a slow link never catches up with the commits stored meanwhile (issue 26).
     *
     * @return whether the head rose, and the event identifiers of the commit that starts right above the old head
     */
    Refresh refresh() {
        long before = head;
        List<String> eventsAboveBefore = List.of();
        int window = (int) Math.min(MAX_WINDOW, Math.max(MIN_WINDOW, 2 * Math.max(largestRound, lastRise)));
        int queries = 1;
        Map<Long, BsonDocument> starting = commitsStartingIn(head + 1, window);
        long end = head + window;
        BsonDocument next = starting.get(head + 1);
        while (next != null) {
            if (head == before) {
                eventsAboveBefore = CommitDocuments.eventIdentifiers(next);
            }
            head = next.getNumber(StorageLayout.LAST_GLOBAL_INDEX).longValue();
            next = starting.get(head + 1);
        }
        if (head >= end) {
            queries++;
            head = Math.max(head, highestStored());
        }
        learnedAt = nanoClock.getAsLong();
        justRefreshed = true;
        lastRise = head - before;
        return new Refresh(head > before, eventsAboveBefore, queries);
    }

    private long highestStored() {
        BsonDocument last = majorityEvents.find()
                                          .sort(Sorts.descending(StorageLayout.LAST_GLOBAL_INDEX))
                                          .projection(Projections.include(StorageLayout.LAST_GLOBAL_INDEX))
                                          .limit(1)
                                          .first();
        return last == null ? 0 : last.getNumber(StorageLayout.LAST_GLOBAL_INDEX).longValue();
    }

    private Map<Long, BsonDocument> commitsStartingIn(long first, int count) {
        List<BsonValue> ids = new ArrayList<>(count);
        for (long id = first; id < first + count; id++) {
            ids.add(new BsonInt64(id));
        }
        Map<Long, BsonDocument> starting = new HashMap<>();
        majorityEvents.find(Filters.in(StorageLayout.ID, ids))
                      .projection(Projections.include(StorageLayout.LAST_GLOBAL_INDEX, EVENT_IDENTIFIERS))
                      .forEach(commit -> starting.put(commit.getNumber(StorageLayout.ID).longValue(), commit));
        return starting;
    }

    /**
     * @param rose              whether the head rose
     * @param eventsAboveBefore the event identifiers of the commit right above the old head; empty if there is none
     * @param queries           how many queries (round trips) the refresh took
     */
    record Refresh(boolean rose, List<String> eventsAboveBefore, int queries) {
    }
}
