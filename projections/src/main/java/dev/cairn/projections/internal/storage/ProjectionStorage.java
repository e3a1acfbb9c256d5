package dev.cairn.projections.internal.storage;

import com.mongodb.client.MongoDatabase;
import dev.cairn.processing.MongoTokenStore;
import dev.cairn.processing.StoredSegment;
import dev.cairn.projections.internal.versions.ProjectionVersions;

import java.time.Clock;
import java.util.List;

/**
 * What the projections of one application keep in MongoDB beside their read models, as this process reaches it: the
 * shared token store (names as stored, not mapped to versions), the control documents (pause, rebuild markers), the
 * version aliases, and whether collections created from here create their indexes or only check them.
 */
public final class ProjectionStorage {

    private final MongoDatabase database;
    private final MongoTokenStore tokens;
    private final ControlDocuments control;
    private final ProjectionVersions versions;
    private final boolean indexCreation;
    private final Clock clock = Clock.systemUTC();

    public ProjectionStorage(MongoDatabase database, MongoTokenStore tokens, boolean indexCreation) {
        this.database = database;
        this.tokens = tokens;
        this.control = new ControlDocuments(database);
        this.versions = new ProjectionVersions(database);
        this.indexCreation = indexCreation;
    }

    public MongoDatabase database() {
        return database;
    }

    public MongoTokenStore tokens() {
        return tokens;
    }

    public ControlDocuments control() {
        return control;
    }

    public ProjectionVersions versions() {
        return versions;
    }

    /** @return whether read models and queues created from here create their indexes, or only check them */
    public boolean indexCreation() {
        return indexCreation;
    }

    /** @return the clock pauses and rebuild markers are stamped with */
    public Clock clock() {
        return clock;
    }

    /** @return the lowest position the segments of {@code processorName} reached; 0 without segments */
    public long lowestPosition(String processorName) {
        return lowest(tokens.segments(processorName));
    }

    /** @return the highest position the segments of {@code processorName} reached; 0 without segments */
    public long highestPosition(String processorName) {
        return tokens.segments(processorName).stream().mapToLong(ProjectionStorage::position).max().orElse(0);
    }

    /**
     * @return whether every segment of {@code processorName} reached {@code head} (a replay token that reached its
     * reset position counts: Axon unwraps it only with the next event after it)
     */
    public boolean reached(String processorName, long head) {
        List<StoredSegment> segments = tokens.segments(processorName);
        if (segments.isEmpty()) {
            return head <= 0;
        }
        return segments.stream().allMatch(segment -> position(segment) >= head);
    }

    /** @return the lowest position {@code segments} reached; 0 without segments */
    public static long lowest(List<StoredSegment> segments) {
        return segments.stream().mapToLong(ProjectionStorage::position).min().orElse(0);
    }

    private static long position(StoredSegment segment) {
        return segment.token() == null ? 0 : segment.token().position().orElse(0);
    }
}
