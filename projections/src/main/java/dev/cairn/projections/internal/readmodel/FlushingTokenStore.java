package dev.cairn.projections.internal.readmodel;

import dev.cairn.processing.AdvancingTokenStore;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The token store a projection's processor uses: before it stores a token, it sends the read-model writes its batch
 * made and runs its {@link TokenBarrier} actions, so a token never runs ahead of the writes of the events it covers.
 * It maps the processor's name to the name of the version the processor is pinned to (ADR 42).
 * <p>
 * The batch's writes carry the segment's applied position (ADR 89), so the store remembers the segments' masks as the
 * processor claims them. Before those writes it renews the segment's claim with {@code claims} (unthrottled, on the
 * database clock): a node that lost its claim during a pause longer than the claim timeout is refused there, before it
 * could apply a batch the segment's new owner applies too.
 * <p>
 * A batch with no read-model write and no barrier action (a parked event registers one) changed nothing its token must
 * follow: given an {@link AdvancingTokenStore}, its token, asked for in the batch's unit of work, is stored
 * {@linkplain AdvancingTokenStore#storeDeferrable deferrably} (ADR 90).
 */
public final class FlushingTokenStore implements TokenStore {

    private final TokenStore delegate;
    private final TokenStore claims;
    private final UnaryOperator<String> versioned;
    private final Map<String, Segment> segments = new ConcurrentHashMap<>();

    /**
     * @param delegate  stores the tokens
     * @param claims    renews a segment's claim right before its batch's writes; the store under {@code delegate}
     * @param versioned maps a processor's name to its pinned version's
     */
    public FlushingTokenStore(TokenStore delegate, TokenStore claims, UnaryOperator<String> versioned) {
        this.delegate = delegate;
        this.claims = claims;
        this.versioned = versioned;
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) {
        String name = versioned.apply(processorName);
        boolean wrote = WriteBatch.hasCurrent();
        if (wrote) {
            claims.extendClaim(name, segment);
            WriteBatch.flushCurrent(token, segment(name, segment));
        }
        boolean barrier = TokenBarrier.runCurrent(token, segment);
        // outside a batch's unit of work (a reset's replay tokens, an idle segment's token) every token is stored
        if (CurrentUnitOfWork.isStarted() && !wrote && !barrier && delegate instanceof AdvancingTokenStore advancing) {
            // the batch changed nothing a token must follow: its token may wait for the next write (ADR 90)
            advancing.storeDeferrable(token, name, segment);
        } else {
            delegate.storeToken(token, name, segment);
        }
    }

    private Segment segment(String name, int segment) {
        Segment known = segments.get(name + "/" + segment);
        return known != null ? known : Segment.computeSegment(segment, delegate.fetchSegments(name));
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount) {
        delegate.initializeTokenSegments(versioned.apply(processorName), segmentCount);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken) {
        delegate.initializeTokenSegments(versioned.apply(processorName), segmentCount, initialToken);
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) {
        return delegate.fetchToken(versioned.apply(processorName), segment);
    }

    @Override
    public TrackingToken fetchToken(String processorName, Segment segment) {
        String name = versioned.apply(processorName);
        TrackingToken token = delegate.fetchToken(name, segment);
        segments.put(name + "/" + segment.getSegmentId(), segment);
        return token;
    }

    @Override
    public void extendClaim(String processorName, int segment) {
        delegate.extendClaim(versioned.apply(processorName), segment);
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        segments.remove(versioned.apply(processorName) + "/" + segment);
        delegate.releaseClaim(versioned.apply(processorName), segment);
    }

    @Override
    public void initializeSegment(TrackingToken token, String processorName, int segment) {
        forget(versioned.apply(processorName)); // a split: masks change
        delegate.initializeSegment(token, versioned.apply(processorName), segment);
    }

    @Override
    public void deleteToken(String processorName, int segment) {
        forget(versioned.apply(processorName)); // a merge: masks change
        delegate.deleteToken(versioned.apply(processorName), segment);
    }

    private void forget(String name) {
        segments.keySet().removeIf(key -> key.startsWith(name + "/"));
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return delegate.requiresExplicitSegmentInitialization();
    }

    @Override
    public int[] fetchSegments(String processorName) {
        return delegate.fetchSegments(versioned.apply(processorName));
    }

    @Override
    public List<Segment> fetchAvailableSegments(String processorName) {
        return delegate.fetchAvailableSegments(versioned.apply(processorName));
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() {
        return delegate.retrieveStorageIdentifier();
    }
}
