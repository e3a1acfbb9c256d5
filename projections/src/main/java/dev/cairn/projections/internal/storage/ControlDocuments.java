package dev.cairn.projections.internal.storage;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.eventstore.mongo.support.ReplicaSetConcerns;
import org.bson.Document;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * The control documents of projections (ADR 42), one per projection that is paused or being rebuilt:
 * <pre>
 * { _id: "balances", paused: true, since: ISODate(..), by: "host-4711",
 *   rebuild: { phase: "REPLAYING", startedAt: ISODate(..), head: 20000, by: "host-4711" } }
 * </pre>
 * A rebuild under way also holds a claim here ({@code rebuilder}, ADR 43; written by the rebuild's claim). The public
 * {@code ProjectionControl} offers the operator's part (pause, resume); the rebuild marker stays internal.
 */
public final class ControlDocuments {

    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);
    private static final String REBUILD = "rebuild";

    private final MongoCollection<Document> control;

    public ControlDocuments(MongoDatabase database) {
        // pauses and rebuild claims decide what nodes do: read and written like tokens (ADR 75)
        this.control = ReplicaSetConcerns.decisive(database.getCollection(CairnCollections.PROJECTION_CONTROL));
    }

    /** @return the collection of the control documents */
    public MongoCollection<Document> collection() {
        return control;
    }

    public void pause(String projection, String by, Instant at) {
        control.updateOne(Filters.eq("_id", projection),
                          Updates.combine(Updates.set("paused", true), Updates.set("since", Date.from(at)),
                                          Updates.set("by", by)), UPSERT);
    }

    public void resume(String projection) {
        control.updateOne(Filters.eq("_id", projection),
                          Updates.combine(Updates.unset("paused"), Updates.unset("since"), Updates.unset("by")));
        removeIfEmpty(projection);
    }

    public boolean paused(String projection) {
        return state(projection).paused();
    }

    /** @return whether {@code projection} is paused and its unfinished in-place rebuild, read in one query */
    public State state(String projection) {
        Document document = control.find(Filters.eq("_id", projection)).first();
        if (document == null) {
            return new State(false, Optional.empty());
        }
        return new State(Boolean.TRUE.equals(document.getBoolean("paused")),
                         document.get(REBUILD) == null ? Optional.empty()
                                 : Optional.of(RebuildMarker.of(document.get(REBUILD, Document.class))));
    }

    /** The operator decisions about one projection: paused or not, and the in-place rebuild under way, if any. */
    public record State(boolean paused, Optional<RebuildMarker> rebuild) {

        /** Nothing decided: running, no rebuild. */
        public static final State NONE = new State(false, Optional.empty());
    }

    /** Records the in-place rebuild of {@code projection} and its phase. */
    public void markRebuild(String projection, RebuildMarker marker) {
        control.updateOne(Filters.eq("_id", projection), Updates.set(REBUILD, marker.toDocument()), UPSERT);
    }

    /** @return the in-place rebuild of {@code projection} that has not completed yet, if any */
    public Optional<RebuildMarker> rebuildMarker(String projection) {
        return state(projection).rebuild();
    }

    /** Removes the rebuild marker of {@code projection}: its rebuild completed. */
    public void clearRebuild(String projection) {
        control.updateOne(Filters.eq("_id", projection), Updates.unset(REBUILD));
        removeIfEmpty(projection);
    }

    /** Removes the control document of {@code projection} when it records nothing any more. */
    public void removeIfEmpty(String projection) {
        control.deleteOne(Filters.and(Filters.eq("_id", projection), Filters.exists("paused", false),
                                      Filters.exists(REBUILD, false), Filters.exists("rebuilder", false)));
    }
}
