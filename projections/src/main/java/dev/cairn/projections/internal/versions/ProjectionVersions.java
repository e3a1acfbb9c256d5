package dev.cairn.projections.internal.versions;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.eventstore.mongo.support.MongoErrors;
import dev.cairn.eventstore.mongo.support.ReplicaSetConcerns;
import dev.cairn.processing.ProcessorNames;
import org.bson.Document;

import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The versions of projections (ADR 42): one alias document per projection that was ever rebuilt blue/green,
 * <pre>
 * { _id: "balances", live: 2, switchedAt: ISODate(..),
 *   building: 3, build: { startedAt: ISODate(..), head: 20000, by: "host-4711" } }
 * </pre>
 * and the names a version uses. Version 1 is the plain processor and collection names; no document means version 1
 * is live.
 */
public final class ProjectionVersions {

    private static final String LIVE = "live";
    private static final String BUILDING = "building";
    private static final String BUILD = "build";

    private final MongoCollection<Document> aliases;

    public ProjectionVersions(MongoDatabase database) {
        // the live version decides which collection queries and projections use (ADR 75)
        this.aliases = ReplicaSetConcerns.decisive(database.getCollection(CairnCollections.PROJECTION_ALIASES));
    }

    /** @return the processor (token) name of {@code version} of {@code projection} */
    public static String processorName(String projection, int version) {
        return ProcessorNames.versioned(projection, version);
    }

    /** @return the collection name of {@code version} of the read-model collection {@code collection} */
    public static String collectionName(String collection, int version) {
        return ProcessorNames.collection(collection, version);
    }

    /** @return the live version of {@code projection} */
    public int live(String projection) {
        return alias(projection).live();
    }

    /** @return the live version of every projection with an alias document, by name */
    public Map<String, Integer> liveVersions() {
        Map<String, Integer> live = new HashMap<>();
        for (Document alias : aliases.find()) {
            live.put(alias.getString("_id"), alias.getInteger(LIVE, 1));
        }
        return live;
    }

    /** @return the version a blue/green rebuild of {@code projection} is building, if one is under way */
    public OptionalInt building(String projection) {
        return alias(projection).build().map(build -> OptionalInt.of(build.version())).orElse(OptionalInt.empty());
    }

    /** @return the build under way of {@code projection}: {@code {startedAt, head, by}} and its version, if any */
    public Optional<Build> build(String projection) {
        return alias(projection).build();
    }

    /** @return the live version of {@code projection} and the build under way, read in one query */
    public Alias alias(String projection) {
        Document alias = aliases.find(Filters.eq("_id", projection)).first();
        if (alias == null) {
            return new Alias(1, Optional.empty());
        }
        int live = alias.getInteger(LIVE, 1);
        if (alias.getInteger(BUILDING) == null) {
            return new Alias(live, Optional.empty());
        }
        Document build = alias.get(BUILD, new Document());
        Date startedAt = build.getDate("startedAt");
        Number head = build.get("head", Number.class);
        return new Alias(live, Optional.of(new Build(live, alias.getInteger(BUILDING),
                                                     startedAt == null ? null : startedAt.toInstant(),
                                                     head == null ? 0 : head.longValue(), build.getString("by"))));
    }

    /** What the alias document of a projection says: the live version, and the build under way if any. */
    public record Alias(int live, Optional<Build> build) {
    }

    /** A blue/green build under way: the live version, the one being built, and when, from where and by whom. */
    public record Build(int live, int version, java.time.Instant startedAt, long head, String by) {
    }

    /**
     * Forgets a build that will not be resumed (its version was cleaned up).
     */
    public void abandonBuild(String projection, int version) {
        aliases.updateOne(Filters.and(Filters.eq("_id", projection), Filters.eq(BUILDING, version)),
                          Updates.combine(Updates.unset(BUILDING), Updates.unset(BUILD)));
    }

    /**
     * Records that the version after the live one is being built, or finds the one already being built (a resumed
     * rebuild).
     *
     * @return the version to build
     */
    public int startBuilding(String projection, long head, String by) {
        OptionalInt building = building(projection);
        if (building.isPresent()) {
            return building.getAsInt();
        }
        int live = live(projection);
        int next = live + 1;
        try {
            aliases.updateOne(Filters.and(Filters.eq("_id", projection), liveIs(live)),
                              Updates.combine(Updates.set(LIVE, live), Updates.set(BUILDING, next),
                                              Updates.set(BUILD, new Document("startedAt", new Date())
                                                      .append("head", head).append("by", by))),
                              new UpdateOptions().upsert(true));
        } catch (RuntimeException e) {
            if (!MongoErrors.isDuplicateKey(e)) {
                throw e;
            }
            // another process started a build at the same moment: build the version it recorded
        }
        return building(projection).orElseThrow(() -> new IllegalStateException(
                "Projection [" + projection + "]: its live version changed while a rebuild started; try again"));
    }

    /**
     * Switches readers of {@code projection} from version {@code from} to {@code to} in one conditional update.
     *
     * @return whether this call switched it ({@code false}: the live version was no longer {@code from})
     */
    public boolean switchLive(String projection, int from, int to) {
        return aliases.updateOne(Filters.and(Filters.eq("_id", projection), Filters.eq(LIVE, from),
                                             Filters.eq(BUILDING, to)),
                                 Updates.combine(Updates.set(LIVE, to), Updates.unset(BUILDING), Updates.unset(BUILD),
                                                 Updates.set("switchedAt", new Date())))
                      .getModifiedCount() == 1;
    }

    private static org.bson.conversions.Bson liveIs(int live) {
        // version 1 may have no document yet: the upsert creates it
        return live == 1 ? Filters.or(Filters.eq(LIVE, 1), Filters.exists(LIVE, false)) : Filters.eq(LIVE, live);
    }
}
