package dev.cairn.projections;

import com.mongodb.client.MongoDatabase;
import dev.cairn.projections.internal.storage.ControlDocuments;

import java.time.Instant;

/**
 * Operator decisions that every node running a projection follows, stored so that any process (an application, the
 * command line) can make them; one document per projection that is paused or being rebuilt in place:
 * <pre>
 * { _id: "balances", paused: true, since: ISODate(..), by: "host-4711",
 *   rebuild: { phase: "REPLAYING", startedAt: ISODate(..), head: 20000, by: "host-4711" } }
 * </pre>
 * A rebuild under way also holds a claim here ({@code rebuilder}, ADR 43). A paused projection's nodes claim no segment
 * (its fair share is zero), so it stops on every node within a coordination round and keeps its tokens; resuming
 * removes the pause. The rebuild marker stays until the rebuild completed (ADR 42); rebuilds write it themselves.
 */
public final class ProjectionControl {

    private final ControlDocuments documents;

    public ProjectionControl(MongoDatabase database) {
        this.documents = new ControlDocuments(database);
    }

    /** Pauses {@code projection} on every node running it, recording who paused it and when. */
    public void pause(String projection, String by, Instant at) {
        documents.pause(projection, by, at);
    }

    /** Resumes {@code projection}: its nodes claim its segments again and it continues from its tokens. */
    public void resume(String projection) {
        documents.resume(projection);
    }

    /** @return whether {@code projection} is paused */
    public boolean paused(String projection) {
        return documents.paused(projection);
    }

    /** Removes the control document of {@code projection} when it records nothing any more. */
    public void removeIfEmpty(String projection) {
        documents.removeIfEmpty(projection);
    }

    /** @return the stored documents behind this control, for the status */
    ControlDocuments documents() {
        return documents;
    }
}
