package dev.cairn.projections.internal.versions;

import com.mongodb.client.MongoDatabase;
import dev.cairn.processing.MongoTokenStore;
import dev.cairn.processing.ProcessorNames;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes what blue/green rebuilds of a projection left behind (ADR 42): the tokens and collections of every version
 * but the live one, and a build under way that no process of this application runs.
 */
public final class VersionCleanup {

    private final MongoDatabase database;
    private final MongoTokenStore tokenStore;
    private final ProjectionVersions versions;
    private final List<String> collections;

    public VersionCleanup(MongoDatabase database, MongoTokenStore tokenStore, ProjectionVersions versions,
                          List<String> collections) {
        this.database = database;
        this.tokenStore = tokenStore;
        this.versions = versions;
        this.collections = List.copyOf(collections);
    }

    /**
     * @param buildingHere whether this process is building a version of the projection right now (then it refuses)
     * @return the collections dropped
     */
    public List<String> clean(String projection, boolean buildingHere) {
        if (buildingHere) {
            throw new IllegalStateException("Projection [" + projection + "] is being rebuilt blue/green by this "
                                                    + "process; clean it up after the rebuild");
        }
        int live = versions.live(projection);
        versions.building(projection).ifPresent(version -> versions.abandonBuild(projection, version));
        for (String name : tokenStore.processorNames()) {
            if (ProcessorNames.versionOf(projection, name).filter(version -> version != live).isPresent()) {
                tokenStore.deleteProcessor(name);
            }
        }
        List<String> dropped = new ArrayList<>();
        List<String> existing = database.listCollectionNames().into(new ArrayList<>());
        for (String collection : collections) {
            Pattern versioned = Pattern.compile(Pattern.quote(collection) + "(?:__v(\\d+))?");
            for (String name : existing) {
                Matcher matcher = versioned.matcher(name);
                if (matcher.matches() && version(matcher.group(1)) != live) {
                    database.getCollection(name).drop();
                    dropped.add(name);
                }
            }
        }
        return dropped;
    }

    private static int version(String group) {
        return group == null ? 1 : Integer.parseInt(group);
    }
}
