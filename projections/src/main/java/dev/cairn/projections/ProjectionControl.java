package dev.cairn.projections;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import org.bson.Document;

import java.time.Instant;
import java.util.Date;

/**
 * Operator decisions that every node running a projection follows, stored so that any process (an application, the
 * command line) can make them; one document per paused projection:
 * <pre>
 * { _id: "balances", paused: true, since: ISODate(..), by: "host-4711" }
 * </pre>
 * A paused projection's nodes claim no segment (its fair share is zero), so it stops on every node within a
 * coordination round and keeps its tokens; resuming removes the document.
 */
public final class ProjectionControl {

    private final MongoCollection<Document> control;

    public ProjectionControl(MongoDatabase database) {
        this.control = database.getCollection(CairnCollections.PROJECTION_CONTROL);
    }

    public void pause(String projection, String by, Instant at) {
        control.replaceOne(Filters.eq("_id", projection),
                           new Document("_id", projection).append("paused", true).append("since", Date.from(at))
                                                          .append("by", by),
                           new ReplaceOptions().upsert(true));
    }

    public void resume(String projection) {
        control.deleteOne(Filters.eq("_id", projection));
    }

    public boolean paused(String projection) {
        Document document = control.find(Filters.eq("_id", projection)).first();
        return document != null && Boolean.TRUE.equals(document.getBoolean("paused"));
    }
}
