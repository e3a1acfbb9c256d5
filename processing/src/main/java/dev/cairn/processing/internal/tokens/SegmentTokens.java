package dev.cairn.processing.internal.tokens;

import dev.cairn.eventstore.mongo.support.MongoErrors;
import dev.cairn.processing.StoredSegment;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.UnableToInitializeTokenException;
import org.bson.BsonDocument;
import org.bson.BsonValue;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * The token store's operations for one node: {@link TokenCollection}'s claims and writes, with tokens converted by
 * {@link TokenDocuments}, and refusals turned into Axon's exceptions naming the segment, the processor and, when
 * another node holds the claim, that node and when its claim ends.
 */
public final class SegmentTokens {

    private static final String SEGMENT = TokenCollection.SEGMENT;

    private final TokenCollection tokens;
    private final TokenDocuments documents;
    private final String nodeId;
    private final Clock clock;

    /**
     * @param nodeId the node id claims are taken with
     * @param clock  this node's clock, for the times written ({@code updatedAt}, {@code claimedAt})
     */
    public SegmentTokens(TokenCollection tokens, TokenDocuments documents, String nodeId, Clock clock) {
        this.tokens = tokens;
        this.documents = documents;
        this.nodeId = nodeId;
        this.clock = clock;
    }

    public void initializeSegments(String processorName, int segmentCount, TrackingToken initialToken) {
        if (tokens.exists(processorName)) {
            throw new UnableToClaimTokenException("Could not initialize segments of processor [" + processorName
                                                          + "]: some segments are already present");
        }
        try {
            tokens.insert(processorName, IntStream.range(0, segmentCount).boxed().toList(),
                          documents.write(initialToken), now());
        } catch (RuntimeException e) {
            if (MongoErrors.isDuplicateKey(e)) {
                // inserts start at segment 0, so the node that lost the race stored nothing
                throw new UnableToClaimTokenException("Could not initialize segments of processor [" + processorName
                                                              + "]: another node initialized them concurrently", e);
            }
            throw e;
        }
    }

    public void initializeSegment(TrackingToken token, String processorName, int segment) {
        try {
            tokens.insert(processorName, List.of(segment), documents.write(token), now());
        } catch (RuntimeException e) {
            if (MongoErrors.isDuplicateKey(e)) {
                throw new UnableToInitializeTokenException("Segment [" + segment + "] of processor [" + processorName
                                                                   + "] already exists", e);
            }
            throw e;
        }
    }

    public void store(TrackingToken token, String processorName, int segment) {
        BsonValue document = documents.write(token);
        if (!tokens.store(processorName, segment, document, nodeId, now())) {
            throw refused(processorName, segment);
        }
    }

    public TrackingToken fetch(String processorName, int segment) {
        BsonDocument before = tokens.claim(processorName, segment, nodeId, now());
        if (before == null) {
            throw refused(processorName, segment);
        }
        return read(before, processorName, segment);
    }

    /** Fetches the segment's token, refusing a segment that was split or merged since {@code segment} was seen. */
    public TrackingToken fetch(String processorName, Segment segment) {
        int[] segments = segmentIds(processorName);
        Segment current = Segment.computeSegment(segment.getSegmentId(), segments);
        if (current.getMask() != segment.getMask()) {
            throw new UnableToClaimTokenException("Segment [" + segment.getSegmentId() + "] of processor ["
                                                          + processorName + "] was split or merged concurrently: "
                                                          + "expected " + segment + ", now " + current);
        }
        return fetch(processorName, segment.getSegmentId());
    }

    public void extend(String processorName, int segment) {
        if (!tokens.extend(processorName, segment, nodeId, now())) {
            throw refused(processorName, segment);
        }
    }

    public void release(String processorName, int segment) {
        tokens.release(processorName, segment, nodeId);
    }

    public void delete(String processorName, int segment) {
        if (!tokens.delete(processorName, segment, nodeId)) {
            throw refused(processorName, segment);
        }
    }

    private static final String NO_OWNER = "";

    public int[] segmentIds(String processorName) {
        return tokens.findAll(processorName).stream()
                     .mapToInt(document -> document.getInt32(SEGMENT).getValue()).toArray();
    }

    /**
     * @return each segment of the processor with the node holding its claim ({@code null} when released), by segment;
     * no token is read
     */
    public Map<Integer, String> owners(String processorName) {
        Map<Integer, String> owners = new TreeMap<>();
        for (BsonDocument document : tokens.findAll(processorName)) {
            owners.put(document.getInt32(SEGMENT).getValue(), TokenCollection.string(document, TokenCollection.OWNER));
        }
        return owners;
    }

    /** @return the segments this node may claim, as Axon's segments */
    public List<Segment> available(String processorName) {
        int[] ids = segmentIds(processorName);
        List<Segment> available = new ArrayList<>();
        for (int segment : tokens.claimableSegments(processorName, nodeId)) {
            available.add(Segment.computeSegment(segment, ids));
        }
        return available;
    }

    /**
     * @return the segments of a processor whose claim is live on the lease clock (the database's), whoever holds it:
     * every segment but those a node holding no claim could take
     */
    public Set<Integer> liveClaims(String processorName) {
        Set<Integer> live = new TreeSet<>();
        for (int segment : segmentIds(processorName)) {
            live.add(segment);
        }
        // no node id is blank, so only unowned and expired claims are free for this owner
        live.removeAll(tokens.claimableSegments(processorName, NO_OWNER));
        return live;
    }

    /** @return the segments of a processor with their tokens, read without claiming anything */
    public List<StoredSegment> segments(String processorName) {
        List<StoredSegment> segments = new ArrayList<>();
        for (BsonDocument document : tokens.findAll(processorName)) {
            int segment = document.getInt32(SEGMENT).getValue();
            segments.add(TokenCollection.segment(document, read(document, processorName, segment)));
        }
        return segments;
    }

    private TrackingToken read(BsonDocument document, String processorName, int segment) {
        try {
            return documents.read(document.get(TokenCollection.TOKEN));
        } catch (RuntimeException e) {
            throw new IllegalStateException("The token of segment [" + segment + "] of processor [" + processorName
                                                    + "] in collection [" + tokens.name() + "] cannot be read: "
                                                    + e.getMessage(), e);
        }
    }

    private UnableToClaimTokenException refused(String processorName, int segment) {
        BsonDocument current = tokens.find(processorName, segment);
        if (current == null) {
            return new UnableToClaimTokenException("Unable to claim segment [" + segment + "] of processor ["
                                                           + processorName + "]: it has not been initialized yet");
        }
        StoredSegment stored = TokenCollection.segment(current, null);
        if (stored.owner() == null || stored.owner().equals(nodeId)) {
            return new UnableToClaimTokenException("Unable to claim segment [" + segment + "] of processor ["
                                                           + processorName + "]: this node [" + nodeId
                                                           + "] does not hold its claim");
        }
        Instant until = tokens.claimedUntil(current);
        return new UnableToClaimTokenException("Unable to claim segment [" + segment + "] of processor ["
                                                       + processorName + "]: it is claimed by node ["
                                                       + stored.owner() + "] until " + until);
    }

    private Instant now() {
        return clock.instant();
    }
}
