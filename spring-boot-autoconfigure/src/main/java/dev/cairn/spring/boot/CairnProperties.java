package dev.cairn.spring.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import dev.cairn.processing.InitialPosition;
import dev.cairn.projections.ProjectionOptions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cairn's Spring Boot properties, prefix {@code cairn}. Every property has a default; only a database is needed:
 * {@code cairn.mongo.uri} (with {@code cairn.mongo.database} or a database in the URI), Boot's own MongoDB client
 * ({@code spring.data.mongodb.*}) with {@code cairn.mongo.database}, or {@code cairn.embedded.enabled=true} for
 * development and tests.
 */
@ConfigurationProperties(prefix = "cairn")
public class CairnProperties {

    private final Mongo mongo = new Mongo();
    private final Embedded embedded = new Embedded();
    private final Idempotency idempotency = new Idempotency();
    private final Health health = new Health();
    private final Snapshots snapshots = new Snapshots();

    /**
     * Options of each projection (a bean in a @ProcessingGroup whose event handlers take a ReadModel), by projection
     * name: segments, batch-size, initial-position, dead-lettering and collections (the read-model collections it
     * owns).
     */
    private final Map<String, Projection> projections = new LinkedHashMap<>();

    /**
     * Packages (with subpackages) whose classes stored events, snapshots and command results may name, besides the
     * packages of the application (those of @SpringBootApplication) and Cairn's own.
     */
    private List<String> allowedPackages = new ArrayList<>();

    /** Whether start-up creates the indexes Cairn needs; off, it only checks them and names a missing one. */
    private boolean indexCreation = true;

    /** How long start-up waits for MongoDB to answer before it fails naming the hosts. */
    private Duration startupTimeout = Duration.ofSeconds(5);

    public Mongo getMongo() {
        return mongo;
    }

    public Embedded getEmbedded() {
        return embedded;
    }

    public Idempotency getIdempotency() {
        return idempotency;
    }

    public Health getHealth() {
        return health;
    }

    public Snapshots getSnapshots() {
        return snapshots;
    }

    public Map<String, Projection> getProjections() {
        return projections;
    }

    public List<String> getAllowedPackages() {
        return allowedPackages;
    }

    public void setAllowedPackages(List<String> allowedPackages) {
        this.allowedPackages = allowedPackages;
    }

    public boolean isIndexCreation() {
        return indexCreation;
    }

    public void setIndexCreation(boolean indexCreation) {
        this.indexCreation = indexCreation;
    }

    public Duration getStartupTimeout() {
        return startupTimeout;
    }

    public void setStartupTimeout(Duration startupTimeout) {
        this.startupTimeout = startupTimeout;
    }

    /** Where the event store lives. */
    public static class Mongo {

        /**
         * MongoDB connection string (mongodb:// or mongodb+srv://) of the event store; unset, Cairn
         * uses the application's MongoClient bean (Spring Boot's, from spring.data.mongodb.*).
         */
        private String uri;

        /** Database of the event store; unset, the database named in cairn.mongo.uri. */
        private String database;

        public String getUri() {
            return uri;
        }

        public void setUri(String uri) {
            this.uri = uri;
        }

        public String getDatabase() {
            return database;
        }

        public void setDatabase(String database) {
            this.database = database;
        }
    }

    /** The in-process MongoDB-compatible server, for development and tests. */
    public static class Embedded {

        /**
         * Whether to start Cairn's embedded server (memory only, never for production) when cairn.mongo.uri is not
         * set; needs cairn-embedded-mongo on the class path.
         */
        private boolean enabled;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** Idempotent commands (command metadata key {@code idempotencyKey}). */
    public static class Idempotency {

        /** How long an idempotency key is remembered. */
        private Duration retention = Duration.ofHours(24);

        /** How long a duplicate command waits for the outcome of a first execution still in progress. */
        private Duration waitTimeout = Duration.ofSeconds(30);

        /** How long an executing send holds its idempotency key without renewing it. */
        private Duration lease = Duration.ofSeconds(5);

        public Duration getRetention() {
            return retention;
        }

        public void setRetention(Duration retention) {
            this.retention = retention;
        }

        public Duration getWaitTimeout() {
            return waitTimeout;
        }

        public void setWaitTimeout(Duration waitTimeout) {
            this.waitTimeout = waitTimeout;
        }

        public Duration getLease() {
            return lease;
        }

        public void setLease(Duration lease) {
            this.lease = lease;
        }
    }

    /** The {@code cairn} health indicator (readiness group). */
    public static class Health {

        /**
         * Lag in events above which a projection turns the indicator OUT_OF_SERVICE; unset (the default), lag is
         * reported but never changes the status, so a rebuild does not take every instance out of service.
         */
        private Long lagThreshold;

        public Long getLagThreshold() {
            return lagThreshold;
        }

        public void setLagThreshold(Long lagThreshold) {
            this.lagThreshold = lagThreshold;
        }
    }

    /** How one projection runs ({@code cairn.projections.<name>.*}); the defaults are {@link ProjectionOptions#defaults()}. */
    public static class Projection {

        /** Segments the projection's processor splits the event stream into. */
        private int segments = ProjectionOptions.defaults().segments();

        /** Events per unit of work (one token write each); 500 by default, to finish within the claim timeout. */
        private int batchSize = ProjectionOptions.defaults().batchSize();

        /** Where the projection starts the first time: TAIL (the whole history) or HEAD (new events only). */
        private InitialPosition initialPosition = ProjectionOptions.defaults().initialPosition();

        /** Whether a failing event parks its aggregate's sequence in the dead-letter queue. */
        private boolean deadLettering = ProjectionOptions.defaults().deadLettering();

        /** The read-model collections the projection owns: written through ReadModel, emptied on reset. */
        private List<String> collections = new ArrayList<>();

        /** @return these properties as the projection's options */
        public ProjectionOptions options() {
            return new ProjectionOptions(segments, batchSize, initialPosition, deadLettering, collections);
        }

        public int getSegments() {
            return segments;
        }

        public void setSegments(int segments) {
            this.segments = segments;
        }

        public int getBatchSize() {
            return batchSize;
        }

        public void setBatchSize(int batchSize) {
            this.batchSize = batchSize;
        }

        public InitialPosition getInitialPosition() {
            return initialPosition;
        }

        public void setInitialPosition(InitialPosition initialPosition) {
            this.initialPosition = initialPosition;
        }

        public boolean isDeadLettering() {
            return deadLettering;
        }

        public void setDeadLettering(boolean deadLettering) {
            this.deadLettering = deadLettering;
        }

        public List<String> getCollections() {
            return collections;
        }

        public void setCollections(List<String> collections) {
            this.collections = collections;
        }
    }

    /**
     * Snapshot thresholds of {@code @Aggregate} classes, most specific first: {@code aggregates.<type>},
     * {@code @SnapshotEvery} on the class, {@code every}.
     */
    public static class Snapshots {

        /** Snapshot every aggregate without a threshold of its own after this many events; unset, none. */
        private Integer every;

        /**
         * Snapshot thresholds by aggregate class (simple or fully qualified name), over its @SnapshotEvery and
         * cairn.snapshots.every.
         */
        private Map<String, Integer> aggregates = new LinkedHashMap<>();

        public Integer getEvery() {
            return every;
        }

        public void setEvery(Integer every) {
            this.every = every;
        }

        public Map<String, Integer> getAggregates() {
            return aggregates;
        }

        public void setAggregates(Map<String, Integer> aggregates) {
            this.aggregates = aggregates;
        }
    }
}
