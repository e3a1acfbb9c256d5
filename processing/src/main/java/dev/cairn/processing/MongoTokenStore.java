package dev.cairn.processing;

import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.AllowedTypes;
import dev.cairn.eventstore.mongo.CairnSerializers;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.eventstore.mongo.support.ReplicaSetConcerns;
import dev.cairn.processing.internal.tokens.SegmentTokens;
import dev.cairn.processing.internal.tokens.TokenCollection;
import dev.cairn.processing.internal.tokens.TokenDocuments;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.serialization.Serializer;
import org.bson.BsonDocument;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.axonframework.common.BuilderUtils.assertNonNull;
import static org.axonframework.common.BuilderUtils.assertThat;

/**
 * Axon's {@link TokenStore} on MongoDB: one readable document per processor segment (see {@link TokenCollection}),
 * claimed by a node with a single conditional update, no transactions.
 * <ul>
 *     <li>Tokens are documents an operator can read: a {@code GapAwareTrackingToken} as its index and gaps, a
 *     {@code ReplayToken} as its reset token, current token and context, a {@code MergedTrackingToken} as its two
 *     halves, other tokens as the serializer's JSON.</li>
 *     <li>{@link #fetchToken(String, Segment)} refuses a segment that was split or merged concurrently.</li>
 *     <li>Two nodes initializing a processor at once: one wins, the other gets {@link UnableToClaimTokenException}.</li>
 *     <li>A claim refused because another node holds it names that node and when its claim expires.</li>
 *     <li>Claims are a {@link Lease} judged on the database's clock (ADR 71): a node whose clock is off neither takes
 *     a live claim nor keeps an expired one; a node paused longer than its claim timeout finds its next
 *     {@code storeToken}/{@code extendClaim} refused once another node took the segment.</li>
 * </ul>
 * Built with {@link #builder()}; only the database is required. Defaults: collection {@code cairn_tokens}, claim
 * timeout 10 seconds, node id host name, process id and a random suffix (each token store its own, so two
 * applications in one JVM never take each other's claims for their own), serializer {@link CairnSerializers#defaultSerializer()} (for
 * token types without a document form and replay contexts), allowed types for those: Cairn's defaults plus
 * {@code org.axonframework.eventhandling}, the system UTC clock for the times it writes, claims judged on the
 * database's clock ({@link LeaseClock#database()}), index creation on.
 */
public class MongoTokenStore implements TokenStore {

    private final TokenCollection tokens;
    private final SegmentTokens segments;
    private final Duration claimTimeout;
    private final LeaseClock leaseClock;
    private final String nodeId;

    protected MongoTokenStore(Builder builder) {
        builder.validate();
        this.tokens = new TokenCollection(ReplicaSetConcerns.decisive(builder.database)
                                                             .getCollection(builder.collectionName, BsonDocument.class),
                                          Lease.of(TokenCollection.LEASE, builder.claimTimeout, builder.leaseClock)
                                               .withFormat(builder.leaseFormat));
        this.segments = new SegmentTokens(tokens, new TokenDocuments(builder.serializer, builder.allowedTypes),
                                          builder.nodeId, builder.clock);
        this.claimTimeout = builder.claimTimeout;
        this.leaseClock = builder.leaseClock;
        this.nodeId = builder.nodeId;
        tokens.ensureIndexes(builder.indexCreation);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount) {
        initializeTokenSegments(processorName, segmentCount, null);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken) {
        segments.initializeSegments(processorName, segmentCount, initialToken);
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) {
        segments.store(token, processorName, segment);
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) {
        return segments.fetch(processorName, segment);
    }

    @Override
    public TrackingToken fetchToken(String processorName, Segment segment) {
        return segments.fetch(processorName, segment);
    }

    @Override
    public void extendClaim(String processorName, int segment) {
        segments.extend(processorName, segment);
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        segments.release(processorName, segment);
    }

    @Override
    public void initializeSegment(TrackingToken token, String processorName, int segment) {
        segments.initializeSegment(token, processorName, segment);
    }

    @Override
    public void deleteToken(String processorName, int segment) {
        segments.delete(processorName, segment);
    }

    /**
     * Deletes every segment of processor {@code processorName} whoever holds them: for cleaning up a processor that
     * no node runs any more (an old version of a projection).
     *
     * @return the number of segments deleted
     */
    public long deleteProcessor(String processorName) {
        return tokens.deleteAll(processorName);
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return true;
    }

    @Override
    public int[] fetchSegments(String processorName) {
        return segments.segmentIds(processorName);
    }

    @Override
    public List<Segment> fetchAvailableSegments(String processorName) {
        return segments.available(processorName);
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() {
        return Optional.of(tokens.storageIdentifier());
    }

    /**
     * Reads the segments of a processor without claiming anything, for status and operations (works from a process
     * that does not run the processor).
     */
    public List<StoredSegment> segments(String processorName) {
        return segments.segments(processorName);
    }

    /**
     * @return each segment of {@code processorName} with the node holding its claim as stored, {@code null} when
     * released, by segment (a claim that expired keeps its owner until it is taken over); read without the tokens,
     * for sharing segments between nodes
     */
    public Map<Integer, String> segmentOwners(String processorName) {
        return segments.owners(processorName);
    }

    /**
     * @return the segments of {@code processorName} whose claim is live, judged on the {@link #leaseClock() lease
     * clock} (the database's) whoever holds it: what status and rebuilds ask instead of comparing a stored claim time
     * with this node's clock
     */
    public Set<Integer> liveClaims(String processorName) {
        return segments.liveClaims(processorName);
    }

    /** @return the names of all processors with stored segments */
    public List<String> processorNames() {
        return tokens.processors();
    }

    /** @return the node id claims are taken with */
    public String nodeId() {
        return nodeId;
    }

    /** @return how long a claim lasts without being extended */
    public Duration claimTimeout() {
        return claimTimeout;
    }

    /** @return whose clock claims are taken and judged on, the database's unless a test set another */
    public LeaseClock leaseClock() {
        return leaseClock;
    }

    /**
     * Builds a {@link MongoTokenStore}. Setters fail fast; {@link #build()} validates the whole.
     */
    public static class Builder {

        private MongoDatabase database;
        private String collectionName = CairnCollections.TOKENS;
        private Duration claimTimeout = Duration.ofSeconds(10);
        private String nodeId = NodeId.generate().value();
        private Serializer serializer = CairnSerializers.defaultSerializer();
        private AllowedTypes allowedTypes = AllowedTypes.cairnDefaults()
                                                        .withPackages(List.of("org.axonframework.eventhandling"));
        private Clock clock = Clock.systemUTC();
        private LeaseClock leaseClock = LeaseClock.database();
        private boolean indexCreation = true;
        private int leaseFormat = Lease.FORMAT;

        /** Sets the database holding the token collection. Required. */
        public Builder database(MongoDatabase database) {
            assertNonNull(database, "The MongoDatabase may not be null");
            this.database = database;
            return this;
        }

        /** Sets the token collection. Defaults to {@code cairn_tokens}. */
        public Builder collectionName(String collectionName) {
            assertThat(collectionName, n -> n != null && !n.isBlank(), "The token collection name may not be blank");
            this.collectionName = collectionName;
            return this;
        }

        /** @return {@code collections} with the token collection this builder names (ADR 73) */
        public CairnCollections collections(CairnCollections collections) {
            assertNonNull(collections, "The collections may not be null");
            return collections.with(CairnCollections.Role.TOKENS, collectionName);
        }

        /**
         * Sets how long a claim lasts without being extended, judged on the {@link #leaseClock(LeaseClock) lease
         * clock} (the database's). Defaults to 10 seconds.
         */
        public Builder claimTimeout(Duration claimTimeout) {
            assertNonNull(claimTimeout, "The claim timeout may not be null");
            assertThat(claimTimeout, t -> !t.isNegative() && !t.isZero(), "The claim timeout must be positive");
            this.claimTimeout = claimTimeout;
            return this;
        }

        /**
         * Sets the name this node claims segments with. Defaults to the host name, the process id and a random suffix
         * per token store; set a stable one to let a node restarted after a crash take its own claims back at once
         * instead of after the claim timeout.
         */
        public Builder nodeId(String nodeId) {
            assertThat(nodeId, n -> n != null && !n.isBlank(), "The node id may not be blank");
            this.nodeId = nodeId;
            return this;
        }

        /**
         * Sets the lease format claims are written with ({@link Lease#FORMAT} to {@link Lease#NEWEST}); claims of every
         * format this release knows are judged alike. Projections write format 3 (ADR 89): a node of an earlier
         * release never takes over their segments from a node that died holding them. Defaults to
         * {@link Lease#FORMAT}.
         */
        public Builder leaseFormat(int leaseFormat) {
            assertThat(leaseFormat, f -> f >= Lease.FORMAT && f <= Lease.NEWEST,
                       "The lease format must be " + Lease.FORMAT + " to " + Lease.NEWEST + ", not " + leaseFormat);
            this.leaseFormat = leaseFormat;
            return this;
        }

        /** Sets the serializer of token types without a document form, and of replay contexts. */
        public Builder serializer(Serializer serializer) {
            assertNonNull(serializer, "The Serializer may not be null");
            this.serializer = serializer;
            return this;
        }

        /** Sets which stored token type names may be resolved to classes (for serialized token types). */
        public Builder allowedTypes(AllowedTypes allowedTypes) {
            assertNonNull(allowedTypes, "The AllowedTypes may not be null");
            this.allowedTypes = allowedTypes;
            return this;
        }

        /**
         * Sets this node's clock, for the times the store writes: {@code updatedAt}, and {@code claimedAt}, which
         * nodes of the release before ADR 71 judge claims by. It does not decide when a claim expires: see
         * {@link #leaseClock(LeaseClock)}. Defaults to the system UTC clock.
         */
        public Builder clock(Clock clock) {
            assertNonNull(clock, "The Clock may not be null");
            this.clock = clock;
            return this;
        }

        /**
         * Sets whose clock claims are taken and judged on. Defaults to {@link LeaseClock#database()}, the database
         * server's clock; {@link LeaseClock#of(Clock)} is the seam through which a test drives time (a claim expires
         * when the test moves its clock past the claim timeout).
         */
        public Builder leaseClock(LeaseClock leaseClock) {
            assertNonNull(leaseClock, "The LeaseClock may not be null");
            this.leaseClock = leaseClock;
            return this;
        }

        /**
         * Sets whether building the store creates the index of its collection. Defaults to {@code true}. With
         * {@code false} (a user without the {@code createIndex} privilege) the build only checks it and fails with a
         * {@link dev.cairn.eventstore.mongo.support.MissingIndexException} naming it when it is missing.
         */
        public Builder indexCreation(boolean indexCreation) {
            this.indexCreation = indexCreation;
            return this;
        }

        public MongoTokenStore build() {
            return new MongoTokenStore(this);
        }

        protected void validate() throws AxonConfigurationException {
            assertNonNull(database, "The MongoDatabase is a hard requirement and should be provided");
        }
    }
}
