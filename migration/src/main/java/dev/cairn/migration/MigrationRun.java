package dev.cairn.migration;

import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.eventstore.mongo.layout.StorageLayout;
import dev.cairn.migration.internal.CommitWriter;
import dev.cairn.migration.internal.EventCopier;
import dev.cairn.migration.internal.InFlight;
import dev.cairn.migration.internal.ProgressRecord;
import dev.cairn.migration.internal.SnapshotCopier;
import dev.cairn.migration.internal.SourceReader;
import dev.cairn.migration.internal.TargetEvents;
import dev.cairn.migration.internal.TokenConverter;

import java.time.Duration;
import java.util.List;

/**
 * One {@link AxonMongoMigration#run()}: checks, then events, snapshots, tokens, sagas and dead letters, in that order.
 */
final class MigrationRun {

    private final AxonMongoMigration.Builder builder;
    private final StorageLayout layout;

    MigrationRun(AxonMongoMigration.Builder builder, StorageLayout layout) {
        this.builder = builder;
        this.layout = layout;
    }

    static SourceReader eventReader(AxonMongoMigration.Builder builder) {
        return new SourceReader(builder.sourceDatabase, builder.eventsCollection, builder.fields, builder.strategy,
                                builder.commitEventsField);
    }

    MigrationReport run() {
        long started = System.nanoTime();
        SourceReader events = eventReader(builder);
        events.check();
        InFlight inFlight = new InFlight(builder.sourceDatabase, builder.sagasCollection,
                                         builder.deadLettersCollection, builder.fields, builder.deadLetterSerializer,
                                         builder.deadlineCollections);
        inFlight.check();
        MongoDatabase target = builder.targetDatabase;
        if (!builder.dryRun) {
            // creates the indexes and the global-order floor exactly as an application's engine would
            MongoEventStorageEngine.builder().database(target).eventCollectionName(layout.eventCollection())
                                   .snapshotCollectionName(layout.snapshotCollection())
                                   .sequenceCollectionName(layout.sequenceCollection()).build();
        }
        CommitWriter writer = new CommitWriter(target, layout);
        ProgressRecord progress = new ProgressRecord(target);
        progress.requireOwned(writer.head(), target.getName(), builder.sourceDatabase.getName(),
                              builder.eventsCollection);
        EventCopier.Copied copied = new EventCopier(events, builder.sourceDatabase.getName(), writer, progress,
                                                    builder.batchSize, builder.listener).copy(!builder.dryRun);
        long snapshots = builder.skipSnapshots ? 0
                : new SnapshotCopier(builder.sourceDatabase, builder.snapshotsCollection, builder.fields, target,
                                     layout).copy(builder.batchSize, !builder.dryRun);
        long segments = new TokenConverter(builder.sourceDatabase, builder.tokensCollection, target,
                                           builder.targetCollections, new TargetEvents(target, layout),
                                           builder.lookBackTime, builder.batchSize)
                .convert(!builder.dryRun);
        InFlight.Moved moved = inFlight.move(builder.dryRun ? null : target, builder.targetCollections, progress);
        if (!builder.dryRun) {
            progress.completed(copied.copied(), builder.sourceDatabase.getName(), builder.eventsCollection);
        }
        return new MigrationReport(copied.read(), copied.copied(), copied.alreadyCopied(), copied.duplicates(),
                                   copied.conflicts(), snapshots, segments, moved.sagas(), moved.endedSagas(),
                                   moved.deadLetters(), moved.deadlines(), copied.firstGlobalIndex(),
                                   copied.lastGlobalIndex(), builder.dryRun,
                                   Duration.ofNanos(System.nanoTime() - started), List.of());
    }
}
