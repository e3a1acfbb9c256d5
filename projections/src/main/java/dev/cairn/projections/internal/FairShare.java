package dev.cairn.projections.internal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.cairn.projections.internal.storage.ControlDocuments;
import org.axonframework.eventhandling.pooled.MaxSegmentProvider;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.IntSupplier;

/**
 * Shares a projection's segments fairly between the nodes running it: each node records that it is alive (at most
 * every quarter of the claim timeout) and claims at most {@code ceil(segments / live nodes)} segments. A node that
 * stops recording is no longer counted after the claim timeout, so the others take its segments over; Axon's
 * coordinator releases segments above the share when a node joins. A paused projection's share is zero on every
 * node.
 * <pre>
 * { _id: "balances@host-4711", projection: "balances", node: "host-4711", seenAt: ISODate(..) }
 * </pre>
 */
public final class FairShare implements MaxSegmentProvider {

    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

    private final MongoCollection<Document> nodes;
    private final String nodeId;
    private final Duration claimTimeout;
    private final IntSupplier segments;
    private final Clock clock;
    private final ControlDocuments control;
    private volatile Instant lastSeen = Instant.EPOCH;
    private volatile boolean armed;

    public FairShare(MongoCollection<Document> nodes, String nodeId, Duration claimTimeout, IntSupplier segments,
                     Clock clock, ControlDocuments control) {
        this.nodes = nodes;
        this.nodeId = nodeId;
        this.claimTimeout = claimTimeout;
        this.segments = segments;
        this.clock = clock;
        this.control = control;
    }

    /**
     * From now on a paused projection's share is zero. Until then it is at least one: Axon's builder asks once while
     * it builds the processor and refuses zero, so an application could not start while its projection is paused.
     */
    public void arm() {
        armed = true;
    }

    @Override
    public int getMaxSegments(String projection) {
        if (control.paused(projection)) {
            return armed ? 0 : 1; // armed: Axon's coordinator releases every segment above the share
        }
        Instant now = clock.instant();
        if (Duration.between(lastSeen, now).compareTo(claimTimeout.dividedBy(4)) >= 0) {
            nodes.replaceOne(Filters.eq("_id", id(projection)),
                             new Document("_id", id(projection)).append("projection", projection)
                                                                .append("node", nodeId)
                                                                .append("seenAt", Date.from(now)), UPSERT);
            lastSeen = now;
        }
        long live = nodes.countDocuments(Filters.and(Filters.eq("projection", projection),
                                                     Filters.gt("seenAt", Date.from(now.minus(claimTimeout)))));
        int total = Math.max(1, segments.getAsInt());
        return (int) Math.ceil(total / (double) Math.max(1, live));
    }

    /** Removes this node, so the others take its share at once instead of after the claim timeout. */
    public void leave(String projection) {
        nodes.deleteOne(Filters.eq("_id", id(projection)));
    }

    private String id(String projection) {
        return projection + "@" + nodeId;
    }
}
