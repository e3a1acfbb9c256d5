package dev.cairn.tenants;

import dev.cairn.projections.SourceHeads;
import dev.cairn.tenants.internal.TenantEventStream;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.messaging.StreamableMessageSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.axonframework.common.BuilderUtils.assertNonNull;

/**
 * Every running tenant's events as one source, for a processor across tenants (ADR 85, decision 6). Unlike Axon's
 * {@code MultiStreamableMessageSource}, whose sources are fixed when it is built, the set of tenants is looked up
 * while streams are open: a tenant added at runtime joins every open stream from its first event, a removed tenant
 * stops contributing (its position stays in the token). Positions are {@link TenantStreamsToken}s.
 * <p>
 * Each tenant is read on a thread of its own per open stream, a bounded read-ahead each: a tenant whose MongoDB does
 * not answer stalls only its own part of the stream, and {@link #status()} names it with the error. There is no
 * order between tenants (their streams are independent); each tenant's events keep their order.
 * <p>
 * Segments: a processor's segments each open a stream and keep the events their sequencing policy gives them, so every
 * segment reads every tenant. {@link CairnTenants.Builder#crossTenant} makes one over a {@link CairnTenants}' running
 * tenants.
 * <p>
 * As {@link SourceHeads}, it measures a cross-tenant projection tenant by tenant: a projection's status shows each
 * running tenant's lag (its head minus what the token has processed there), and it is caught up when every running
 * tenant is.
 */
public final class TenantStreams implements StreamableMessageSource<TrackedEventMessage<?>>, SourceHeads,
        AutoCloseable {

    private final Supplier<Map<String, StreamableMessageSource<TrackedEventMessage<?>>>> sources;
    private final Supplier<Map<String, String>> notRunning;
    private final Set<TenantEventStream> open = ConcurrentHashMap.newKeySet();

    private TenantStreams(Supplier<Map<String, StreamableMessageSource<TrackedEventMessage<?>>>> sources,
                          Supplier<Map<String, String>> notRunning) {
        this.sources = sources;
        this.notRunning = notRunning;
    }

    /**
     * @param sources the running tenants' event sources by tenant, asked again while streams are open; a tenant whose
     *                source is another object than before is read again from the token's position for it
     */
    public static TenantStreams over(Supplier<Map<String, StreamableMessageSource<TrackedEventMessage<?>>>> sources) {
        return over(sources, Map::of);
    }

    /**
     * @param notRunning the active tenants whose event source is not available on this node, with why (for example
     *                   their application could not start): listed by {@link #status()} as stalled; they join the
     *                   streams once {@code sources} lists them
     */
    public static TenantStreams over(Supplier<Map<String, StreamableMessageSource<TrackedEventMessage<?>>>> sources,
                                     Supplier<Map<String, String>> notRunning) {
        assertNonNull(sources, "The tenants' sources may not be null");
        assertNonNull(notRunning, "The tenants not running may not be null");
        return new TenantStreams(sources, notRunning);
    }

    /**
     * @param token a {@link TenantStreamsToken}, or {@code null} for every tenant from its first event
     * @throws IllegalArgumentException naming the type of a token of another kind
     */
    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
        if (token != null && !(token instanceof TenantStreamsToken)) {
            throw new IllegalArgumentException("Every tenant's stream opens at a TenantStreamsToken, not a "
                                                       + token.getClass().getName());
        }
        TenantStreamsToken from = token == null ? TenantStreamsToken.empty() : (TenantStreamsToken) token;
        TenantEventStream stream = new TenantEventStream(sources, from, open::remove);
        open.add(stream);
        return stream;
    }

    /** @return a token before every tenant's first event, those added later included */
    @Override
    public TenantStreamsToken createTailToken() {
        return TenantStreamsToken.empty();
    }

    /** @return each running tenant's head; a tenant added later joins from its first event */
    @Override
    public TenantStreamsToken createHeadToken() {
        return each(StreamableMessageSource::createHeadToken);
    }

    /** @return each running tenant's position at {@code dateTime}; a tenant added later joins from its first event */
    @Override
    public TenantStreamsToken createTokenAt(Instant dateTime) {
        return each(source -> source.createTokenAt(dateTime));
    }

    @Override
    public TenantStreamsToken createTokenSince(Duration duration) {
        return createTokenAt(Instant.now().minus(duration));
    }

    /**
     * @return every tenant of the streams on this node, sorted by tenant: {@code stalled} with the error when its last
     * read failed (its database does not answer) or when its event source is not available here (its application did
     * not start), the others reading
     */
    public List<TenantStreamStatus> status() {
        Map<String, String> stalled = new TreeMap<>();
        notRunning.get().forEach((tenant, error) -> stalled.put(tenant, "not running on this node: " + error));
        open.forEach(stream -> stalled.putAll(stream.stalled()));
        Set<String> tenants = new TreeSet<>(sources.get().keySet());
        tenants.addAll(stalled.keySet());
        List<TenantStreamStatus> statuses = new ArrayList<>();
        tenants.forEach(tenant -> statuses.add(
                new TenantStreamStatus(tenant, stalled.containsKey(tenant), stalled.get(tenant))));
        return statuses;
    }

    /** @return the tenants {@link #status()} lists as stalled, each with a sentence naming it and why */
    @Override
    public Map<String, String> unavailable() {
        Map<String, String> unavailable = new TreeMap<>();
        status().stream().filter(TenantStreamStatus::stalled).forEach(stalled -> unavailable.put(
                stalled.tenantId(), "tenant [" + stalled.tenantId() + "]: " + stalled.lastError()));
        return unavailable;
    }

    /**
     * @param token a {@link TenantStreamsToken}, or {@code null} for one that has processed nothing
     * @return by running tenant (sorted), its head now and the index {@code token} has reached in its stream
     *         ({@code 0} when it has consumed nothing of it)
     * @throws IllegalArgumentException naming the type of a token of another kind
     */
    @Override
    public Map<String, Progress> progress(TrackingToken token) {
        if (token != null && !(WrappedToken.unwrapLowerBound(token) instanceof TenantStreamsToken)) {
            throw new IllegalArgumentException("Every tenant's stream is measured at a TenantStreamsToken, not a "
                                                       + token.getClass().getName());
        }
        TenantStreamsToken at = token == null ? TenantStreamsToken.empty()
                : (TenantStreamsToken) WrappedToken.unwrapLowerBound(token);
        Map<String, Progress> progress = new TreeMap<>();
        sources.get().forEach((tenant, source) -> {
            long head = source.createHeadToken().position().orElse(0);
            GapAwareTrackingToken reached = at.position(tenant);
            progress.put(tenant, new Progress(head, reached == null ? 0 : reached.getIndex()));
        });
        return progress;
    }

    /** Closes the streams still open. */
    @Override
    public void close() {
        List.copyOf(open).forEach(TenantEventStream::close);
    }

    private TenantStreamsToken each(Function<StreamableMessageSource<TrackedEventMessage<?>>, TrackingToken> token) {
        Map<String, TrackingToken> positions = new TreeMap<>();
        sources.get().forEach((tenant, source) -> positions.put(tenant, token.apply(source)));
        return TenantStreamsToken.of(positions);
    }
}
