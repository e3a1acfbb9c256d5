package dev.cairn.migration;

import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.layout.StorageLayout;
import dev.cairn.eventstore.mongo.CairnSerializers;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import org.axonframework.serialization.Serializer;
import dev.cairn.migration.internal.SampleLoader;
import dev.cairn.migration.internal.SourceReader;
import dev.cairn.migration.internal.TargetEvents;
import dev.cairn.migration.internal.Verifier;

import java.time.Duration;
import java.util.List;

import static org.axonframework.common.BuilderUtils.assertNonNull;
import static org.axonframework.common.BuilderUtils.assertThat;

/**
 * Moves an event store of Axon's Mongo extension ({@code axon-mongo} 4.x) into Cairn's event store (ADR 82): every
 * event as a commit in the source's stream order (timestamp, then sequence number), the latest snapshot of every
 * aggregate, and every tracking processor's position as a gap-aware token marking exactly the events it had handled.
 * Payloads are never deserialized: JSON becomes the engine's BSON documents, other text (XStream's XML) stays text
 * that the application's serializer reads.
 * <p>
 * A run is resumable and incremental: events are found in the target by their identifiers, so running it again after
 * an interruption, or after the source received new events, copies exactly the events not yet copied (never chosen by
 * timestamp). A target holding events this migration did not write is refused. {@link #verify()} compares both
 * stores aggregate by aggregate.
 *
 * <pre>
 * AxonMongoMigration migration = AxonMongoMigration.builder()
 *         .sourceDatabase(client.getDatabase("legacy"))
 *         .targetDatabase(client.getDatabase("shop"))
 *         .build();
 * MigrationReport report = migration.run();
 * Verification verification = migration.verify();
 * </pre>
 */
public final class AxonMongoMigration {

    private final Builder builder;
    private final StorageLayout layout;

    private AxonMongoMigration(Builder builder) {
        builder.validate();
        this.builder = builder;
        this.layout = StorageLayout.of(builder.targetCollections);
    }

    /**
     * @return a builder; source and target databases are required, everything else has the extension's defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Copies what the target does not hold yet: events, then the latest snapshots, then converts every processor's
     * token from the tokens as they are now (so the last run before cut-over sets the positions), then moves the
     * sagas in flight and the dead letters as they are now, and lists the deadlines that cannot move.
     *
     * @return what this run did
     * @throws NotAnAxonMongoStoreException when the source is not an axon-mongo store (before anything is written)
     * @throws MigrationRefusedException    when the target holds events this migration did not write
     */
    public MigrationReport run() {
        return new MigrationRun(builder, layout).run();
    }

    /**
     * Compares source and target: per aggregate the number of events, contiguous sequence numbers from 0, and a digest
     * over identifier, sequence number, types, revision, timestamp, payload and metadata; with
     * {@link Builder#sampleLoading(SampleLoading)}, a sample of aggregates loaded through Axon from both stores.
     *
     * @return the comparison, naming the first difference and listing what is wrong in the source itself
     */
    public Verification verify() {
        SourceReader events = MigrationRun.eventReader(builder);
        events.check();
        SampleLoader sample = builder.sampleLoading == null ? null
                : new SampleLoader(events, builder.targetDatabase, layout, builder.sampleLoading);
        return new Verifier(events, builder.sourceDatabase, builder.fields,
                            new TargetEvents(builder.targetDatabase, layout), builder.batchSize, sample).verify();
    }

    /**
     * Builds an {@link AxonMongoMigration}. Source and target databases are required.
     */
    public static final class Builder {

        MongoDatabase sourceDatabase;
        MongoDatabase targetDatabase;
        String eventsCollection = "domainevents";
        String snapshotsCollection = "snapshotevents";
        String tokensCollection = "trackingtokens";
        String sagasCollection = "sagas";
        String deadLettersCollection = "deadletters";
        List<String> deadlineCollections = List.of("jobrunr_jobs", "quartz_triggers");
        Serializer deadLetterSerializer = CairnSerializers.defaultSerializer();
        SampleLoading sampleLoading;
        CairnCollections targetCollections = CairnCollections.defaults();
        AxonMongoFields fields = AxonMongoFields.defaults();
        SourceStrategy strategy = SourceStrategy.DOCUMENT_PER_EVENT;
        String commitEventsField = "events";
        int batchSize = 1000;
        MigrationListener listener = MigrationListener.NONE;
        Duration lookBackTime = Duration.ofSeconds(1);
        boolean skipSnapshots;
        boolean dryRun;

        private Builder() {
        }

        /** The database of the Mongo extension's collections. Required. */
        public Builder sourceDatabase(MongoDatabase sourceDatabase) {
            assertNonNull(sourceDatabase, "The source database may not be null");
            this.sourceDatabase = sourceDatabase;
            return this;
        }

        /** The database Cairn's application will use. Required. */
        public Builder targetDatabase(MongoDatabase targetDatabase) {
            assertNonNull(targetDatabase, "The target database may not be null");
            this.targetDatabase = targetDatabase;
            return this;
        }

        /** The extension's event collection; defaults to {@code domainevents}. */
        public Builder eventsCollection(String name) {
            this.eventsCollection = name("events collection", name);
            return this;
        }

        /** The extension's snapshot collection; defaults to {@code snapshotevents}. */
        public Builder snapshotsCollection(String name) {
            this.snapshotsCollection = name("snapshots collection", name);
            return this;
        }

        /** The extension's token collection; defaults to {@code trackingtokens}. */
        public Builder tokensCollection(String name) {
            this.tokensCollection = name("tokens collection", name);
            return this;
        }

        /** The extension's saga store collection; defaults to {@code sagas}. */
        public Builder sagasCollection(String name) {
            this.sagasCollection = name("sagas collection", name);
            return this;
        }

        /** The extension's dead-letter collection; defaults to {@code deadletters}. */
        public Builder deadLettersCollection(String name) {
            this.deadLettersCollection = name("dead-letters collection", name);
            return this;
        }

        /**
         * Source collections where a scheduler keeps its jobs, listed (deadlines do not move); defaults to
         * {@code jobrunr_jobs} and {@code quartz_triggers}.
         */
        public Builder deadlineCollections(List<String> names) {
            assertNonNull(names, "The deadline collections may not be null");
            names.forEach(n -> name("deadline collection", n));
            this.deadlineCollections = List.copyOf(names);
            return this;
        }

        /** The serializer of the application's Cairn dead-letter queues; defaults to Cairn's default serializer. */
        public Builder deadLetterSerializer(Serializer serializer) {
            assertNonNull(serializer, "The dead-letter serializer may not be null");
            this.deadLetterSerializer = serializer;
            return this;
        }

        /** Makes {@link #verify()} load a sample of aggregates through Axon from both stores; defaults to none. */
        public Builder sampleLoading(SampleLoading sampleLoading) {
            assertNonNull(sampleLoading, "The sample loading may not be null");
            this.sampleLoading = sampleLoading;
            return this;
        }

        /** Cairn's collection names in the target; defaults to {@link CairnCollections#defaults()}. */
        public Builder targetCollections(CairnCollections collections) {
            assertNonNull(collections, "The target collections may not be null");
            this.targetCollections = collections;
            return this;
        }

        /** The source's field names, when the application renamed them; defaults to the extension's. */
        public Builder fields(AxonMongoFields fields) {
            assertNonNull(fields, "The source field names may not be null");
            this.fields = fields;
            return this;
        }

        /** The extension's storage strategy; defaults to {@link SourceStrategy#DOCUMENT_PER_EVENT}. */
        public Builder strategy(SourceStrategy strategy) {
            assertNonNull(strategy, "The source strategy may not be null");
            this.strategy = strategy;
            return this;
        }

        /** The field of a commit document holding its events (per-commit strategy); defaults to {@code events}. */
        public Builder commitEventsField(String name) {
            this.commitEventsField = name("commit events field", name);
            return this;
        }

        /** Source events per batch (one round trip each way); defaults to 1,000. */
        public Builder batchSize(int batchSize) {
            assertThat(batchSize, size -> size > 0, "The batch size must be positive, not " + batchSize);
            this.batchSize = batchSize;
            return this;
        }

        /** Told about progress after every batch; defaults to none. */
        public Builder progressListener(MigrationListener listener) {
            assertNonNull(listener, "The progress listener may not be null");
            this.listener = listener;
            return this;
        }

        /** The look-back time of the extension's storage strategy, which its tokens depend on; defaults to 1 s. */
        public Builder lookBackTime(Duration lookBackTime) {
            assertNonNull(lookBackTime, "The look-back time may not be null");
            assertThat(lookBackTime, t -> !t.isNegative(), "The look-back time may not be negative");
            this.lookBackTime = lookBackTime;
            return this;
        }

        /** Whether to leave snapshots behind (Cairn re-creates them); defaults to {@code false}. */
        public Builder skipSnapshots(boolean skipSnapshots) {
            this.skipSnapshots = skipSnapshots;
            return this;
        }

        /** Whether to only find out what a run would copy, writing nothing; defaults to {@code false}. */
        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        public AxonMongoMigration build() {
            return new AxonMongoMigration(this);
        }

        void validate() {
            assertNonNull(sourceDatabase, "The source database is a hard requirement and should be provided");
            assertNonNull(targetDatabase, "The target database is a hard requirement and should be provided");
        }

        private static String name(String what, String name) {
            assertThat(name, n -> n != null && !n.isBlank(), "The " + what + " name may not be null or blank");
            return name;
        }
    }
}
