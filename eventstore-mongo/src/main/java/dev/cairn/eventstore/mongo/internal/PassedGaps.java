package dev.cairn.eventstore.mongo.internal;

import dev.cairn.eventstore.mongo.layout.StorageLayout;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.bson.BsonDocument;
import org.bson.BsonValue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the global indexes a batch of commits passes over: gaps of the token and missing indexes between the token
 * and the batch, below the batch's highest index. Malformed documents are left for the reader to report.
 */
final class PassedGaps {

    private PassedGaps() {
    }

    /**
     * @param token        the token before the batch
     * @param batch        commits ordered by {@code lastGlobalIndex}
     * @param maxGapOffset how far below the highest index gaps are still tracked
     * @return the indexes below the batch's highest one that neither the batch nor the token's past covers
     */
    static List<Long> below(GapAwareTrackingToken token, List<BsonDocument> batch, int maxGapOffset) {
        long highest = lastIndex(batch.get(batch.size() - 1));
        long lowest = Math.max(highest - maxGapOffset, 0);
        if (!token.hasGaps() && contiguousAfter(token.getIndex(), batch)) {
            return List.of();
        }
        Set<Long> covered = new HashSet<>();
        for (BsonDocument commit : batch) {
            long first = index(commit, StorageLayout.ID);
            long last = lastIndex(commit);
            for (long index = Math.max(first, lowest); first >= 0 && index <= last; index++) {
                covered.add(index);
            }
        }
        List<Long> passed = new ArrayList<>();
        for (Long gap : token.getGaps()) {
            if (gap >= lowest && gap < highest && !covered.contains(gap)) {
                passed.add(gap);
            }
        }
        for (long index = Math.max(token.getIndex() + 1, lowest); index < highest; index++) {
            if (!covered.contains(index)) {
                passed.add(index);
            }
        }
        return passed;
    }

    /** the common case of catching up: each commit starts right after the previous one */
    private static boolean contiguousAfter(long index, List<BsonDocument> batch) {
        long expected = index + 1;
        for (BsonDocument commit : batch) {
            long first = index(commit, StorageLayout.ID);
            if (first > expected) {
                return false;
            }
            expected = Math.max(expected, lastIndex(commit) + 1);
        }
        return true;
    }

    static long lastIndex(BsonDocument commit) {
        return index(commit, StorageLayout.LAST_GLOBAL_INDEX);
    }

    private static long index(BsonDocument commit, String field) {
        BsonValue value = commit.get(field);
        return value != null && value.isNumber() ? value.asNumber().longValue() : -1;
    }
}
