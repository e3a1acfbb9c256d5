package dev.cairn.projections.internal.deadletter;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.cairn.processing.Lease;
import dev.cairn.processing.LeaseClock;
import dev.cairn.processing.NodeId;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.conversions.Bson;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static dev.cairn.projections.internal.deadletter.LetterFields.CLAIM;
import static dev.cairn.projections.internal.deadletter.LetterFields.CLAIM_AT;
import static dev.cairn.projections.internal.deadletter.LetterFields.CLAIM_OWNER;
import static dev.cairn.projections.internal.deadletter.LetterFields.ID;
import static dev.cairn.projections.internal.deadletter.LetterFields.LAST_TOUCHED;
import static dev.cairn.projections.internal.deadletter.LetterFields.LEASE;
import static dev.cairn.projections.internal.deadletter.LetterFields.PROCESSING_GROUP;
import static dev.cairn.projections.internal.deadletter.LetterFields.SEQUENCE_IDENTIFIER;
import static dev.cairn.projections.internal.deadletter.LetterFields.SEQUENCE_INDEX;

/**
 * Processing claims on sequences. A sequence is claimed through its first letter: a conditional update sets
 * {@code claim: {owner, at}} and takes the letter's {@link Lease} ({@code lease: {format, owner, at, ms}}) only when the
 * letter is unclaimed or its claim expired, so of two nodes racing for a sequence exactly one wins. Expiry is judged on
 * the database's clock with this queue's claim duration (ADR 71): a lease taken longer ago than that, or a claim of a
 * previous-format node (no lease of its owner) whose {@code claim.at} is. {@code claim.at} is this node's clock, for
 * previous-format nodes, which judge claims by it. While processing, the claim moves letter by letter: the next
 * letter is claimed before the current one is evicted, so the first letter of a sequence being processed always
 * carries a claim.
 */
public final class SequenceClaims {

    private static final String LETTER = "letter";
    private static final int CANDIDATE_BATCH = 32;

    private final MongoCollection<BsonDocument> collection;
    private final String processingGroup;
    private final Clock clock;
    private final Lease lease;
    private final String owner;

    public SequenceClaims(MongoCollection<BsonDocument> collection, String processingGroup, Clock clock,
                          Duration claimDuration, LeaseClock leaseClock) {
        this.collection = collection;
        this.processingGroup = processingGroup;
        this.clock = clock;
        this.lease = Lease.of(LEASE, claimDuration, leaseClock);
        this.owner = NodeId.generate().value();
    }

    /**
     * @return the name under which this queue claims, {@code host-pid-xxxx} ({@link NodeId#generate()}), shown in {@code claim.owner}
     */
    public String owner() {
        return owner;
    }

    /**
     * Offers the first letters of claimable sequences, least recently touched first, until {@code attempt} (which
     * tests and claims the letter) returns a result.
     *
     * @return the first result of {@code attempt}, or empty when it accepted no candidate
     */
    public <T> Optional<T> firstAccepted(Function<String, Optional<T>> attempt) {
        List<Bson> pipeline = List.of(
                Aggregates.match(Filters.eq(PROCESSING_GROUP, processingGroup)),
                Aggregates.sort(Sorts.ascending(SEQUENCE_IDENTIFIER, SEQUENCE_INDEX)),
                Aggregates.group("$" + SEQUENCE_IDENTIFIER,
                                 Accumulators.first(LETTER, "$" + ID),
                                 Accumulators.first(LAST_TOUCHED, "$" + LAST_TOUCHED),
                                 Accumulators.first(Instants.nanosField(LAST_TOUCHED),
                                                    "$" + Instants.nanosField(LAST_TOUCHED)),
                                 Accumulators.first(CLAIM, "$" + CLAIM),
                                 Accumulators.first(LEASE, "$" + LEASE)),
                Aggregates.match(claimable()),
                Aggregates.sort(Sorts.ascending(LAST_TOUCHED, Instants.nanosField(LAST_TOUCHED), ID)));
        try (MongoCursor<BsonDocument> heads = collection.aggregate(pipeline).allowDiskUse(true)
                                                         .batchSize(CANDIDATE_BATCH).iterator()) {
            while (heads.hasNext()) {
                Optional<T> result = attempt.apply(heads.next().getString(LETTER).getValue());
                if (result.isPresent()) {
                    return result;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Claims the letter when it is unclaimed or its claim is stale.
     *
     * @return whether this queue now holds the claim
     */
    public boolean claim(String letterId) {
        BsonDocument claim = new BsonDocument(LetterFields.OWNER, new BsonString(owner))
                .append(LetterFields.AT, new BsonDateTime(clock.millis()));
        return collection.updateOne(Filters.and(letter(letterId), claimable()),
                                    Updates.combine(Updates.set(CLAIM, claim), lease.take(owner)))
                         .getMatchedCount() > 0;
    }

    /**
     * Releases the letter's claim if this queue holds it.
     */
    public void release(String letterId) {
        collection.updateOne(Filters.and(letter(letterId), Filters.eq(CLAIM_OWNER, owner)),
                             Updates.combine(Updates.set(CLAIM, BsonNull.VALUE), lease.release()));
    }

    private Bson claimable() {
        // the claimant's own duration decides, as before leases (and as Axon's queues judge claims)
        return Filters.or(Filters.eq(CLAIM, null), lease.expiredByOwnDuration(CLAIM_OWNER),
                          lease.previousFormatExpired(CLAIM_OWNER, CLAIM_AT, lease.duration()));
    }

    private BsonDocument letter(String letterId) {
        return new BsonDocument(ID, new BsonString(letterId)).append(PROCESSING_GROUP, new BsonString(processingGroup));
    }
}
