package dev.cairn.eventstore.mongo.internal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.cairn.eventstore.mongo.CommitKey;
import dev.cairn.eventstore.mongo.layout.StorageLayout;
import org.bson.BsonDocument;

import java.util.List;
import java.util.Optional;

/**
 * Finds the commit of one use of an idempotency key by its claim, one point lookup on the unique index
 * {@code cairn_idempotencyClaim} (ADR 74). Reads at majority, so a commit it reports survives a failover.
 */
public final class CommitKeyLookup {

    private static final String CLAIM = StorageLayout.idempotencyField(StorageLayout.IDEMPOTENCY_CLAIM);

    private final MongoCollection<BsonDocument> majorityEvents;

    /**
     * @param majorityEvents the event collection read at read concern {@code majority}
     */
    public CommitKeyLookup(MongoCollection<BsonDocument> majorityEvents) {
        this.majorityEvents = majorityEvents;
    }

    /**
     * A stored commit carrying a key.
     *
     * @param key              the key as stored, with the command's result
     * @param firstIndex       the commit's first global index
     * @param lastIndex        the commit's last global index
     * @param eventIdentifiers its events' identifiers, in order
     */
    public record Found(CommitKey key, long firstIndex, long lastIndex, List<String> eventIdentifiers) {
    }

    /**
     * @return the commit carrying {@code claim}, if one is stored
     */
    public Optional<Found> find(String claim) {
        BsonDocument commit = majorityEvents.find(Filters.eq(CLAIM, claim))
                                            .projection(Projections.include(
                                                    StorageLayout.LAST_GLOBAL_INDEX, StorageLayout.IDEMPOTENCY,
                                                    StorageLayout.eventField(StorageLayout.EVENT_IDENTIFIER)))
                                            .first();
        if (commit == null) {
            return Optional.empty();
        }
        long[] range = CommitDocuments.range(commit);
        return Optional.of(new Found(CommitDocuments.key(commit), range[0], range[1],
                                     CommitDocuments.eventIdentifiers(commit)));
    }
}
