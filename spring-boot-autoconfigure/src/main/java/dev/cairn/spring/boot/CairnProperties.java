package dev.cairn.spring.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
}
