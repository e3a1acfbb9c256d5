package dev.cairn.projections.internal.readmodel;

import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The token store a projection's processor uses: before it stores a token, it sends the read-model writes its batch
 * made and runs its {@link TokenBarrier} actions, so a token never runs ahead of the writes of the events it covers. It maps the processor's name to the name of
 * the version the processor is pinned to (ADR 42).
 */
public final class FlushingTokenStore implements TokenStore {

    private final TokenStore delegate;
    private final UnaryOperator<String> versioned;

    public FlushingTokenStore(TokenStore delegate, UnaryOperator<String> versioned) {
        this.delegate = delegate;
        this.versioned = versioned;
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) {
        WriteBatch.flushCurrent();
        TokenBarrier.runCurrent(token, segment);
        delegate.storeToken(token, versioned.apply(processorName), segment);
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
        return delegate.fetchToken(versioned.apply(processorName), segment);
    }

    @Override
    public void extendClaim(String processorName, int segment) {
        delegate.extendClaim(versioned.apply(processorName), segment);
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        delegate.releaseClaim(versioned.apply(processorName), segment);
    }

    @Override
    public void initializeSegment(TrackingToken token, String processorName, int segment) {
        delegate.initializeSegment(token, versioned.apply(processorName), segment);
    }

    @Override
    public void deleteToken(String processorName, int segment) {
        delegate.deleteToken(versioned.apply(processorName), segment);
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
