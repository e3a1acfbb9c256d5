package dev.cairn.projections.internal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.cairn.processing.LeaseClock;
import dev.cairn.projections.internal.storage.ControlDocuments;
import org.axonframework.eventhandling.pooled.MaxSegmentProvider;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Shares a projection's segments fairly between the nodes running it: each node records that it is alive (at most
 * every quarter of the claim timeout) and claims at most {@code ceil(segments / live nodes)} segments. A node that
 * stops recording is no longer counted after the claim timeout, so the others take its segments over; the processor
 * releases segments above the share when a node joins. A segment no node has claimed for half the claim timeout (its
 * node released it after failing batches, and the processor keeps that node off it for a growing back-off) is taken
 * by any node beyond its share, and given back a claim timeout after the last such orphan ({@link OrphanAdoption}, ADR
 * 92). A paused projection's share is zero on every node. Being alive is a lease like a claim: written and judged on
 * the {@link LeaseClock} of the token store (the database server's clock by default), so a node whose clock is off
 * neither counts the others out nor is counted out.
 * <pre>
 * { _id: "balances@host-4711", projection: "balances", node: "host-4711", seenAt: ISODate(..) }
 * </pre>
 */
public final class FairShare implements MaxSegmentProvider {

    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    private final MongoCollection<Document> nodes;
    private final String nodeId;
    private final Duration claimTimeout;
    private final Supplier<Map<Integer, String>> owners;
    private final LeaseClock clock;
    private final ControlDocuments control;
    private final OrphanAdoption adoption;
    private volatile long lastSeenNanos;
    private volatile boolean seen;
    private volatile boolean armed;

    /**
     * @param owners the projection's segments with the node holding each claim, {@code null} when released (its
     *               current version's, as the token store holds them)
     * @param clock  whose clock the nodes' records are written and judged on: the token store's lease clock
     */
    public FairShare(MongoCollection<Document> nodes, String nodeId, Duration claimTimeout,
                     Supplier<Map<Integer, String>> owners, LeaseClock clock, ControlDocuments control) {
        this.nodes = nodes;
        this.nodeId = nodeId;
        this.claimTimeout = claimTimeout;
        this.owners = owners;
        this.clock = clock;
        this.control = control;
        this.adoption = new OrphanAdoption(claimTimeout.dividedBy(2), claimTimeout, System::nanoTime);
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
            adoption.reset(); // every segment is released while paused: none is an orphan when it resumes
            return armed ? 0 : 1; // armed: the processor releases every segment above the share
        }
        // how often this node records itself is its own affair: an interval on its own clock is enough
        long now = System.nanoTime();
        if (!seen || now - lastSeenNanos >= claimTimeout.dividedBy(4).toNanos()) {
            nodes.updateOne(Filters.eq("_id", id(projection)),
                            Updates.combine(Updates.set("projection", projection), Updates.set("node", nodeId),
                                            clock.stamp("seenAt")), UPSERT);
            lastSeenNanos = now;
            seen = true;
        }
        long live = nodes.countDocuments(Filters.and(Filters.eq("projection", projection), seenWithinTimeout()));
        Map<Integer, String> segments = owners.get();
        int share = (int) Math.ceil(Math.max(1, segments.size()) / (double) Math.max(1, live));
        return share + adoption.extra(segments, nodeId, share);
    }

    /** @return the filter of records written less than a claim timeout ago on the lease clock */
    private Bson seenWithinTimeout() {
        return new BsonDocument("$expr", clock.isWithin(new BsonString("$seenAt"),
                                                        new BsonInt64(claimTimeout.toMillis())));
    }

    /** Removes this node, so the others take its share at once instead of after the claim timeout. */
    public void leave(String projection) {
        nodes.deleteOne(Filters.eq("_id", id(projection)));
    }

    private String id(String projection) {
        return projection + "@" + nodeId;
    }
}
