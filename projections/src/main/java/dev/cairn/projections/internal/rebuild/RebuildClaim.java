package dev.cairn.projections.internal.rebuild;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.cairn.eventstore.mongo.support.MongoErrors;
import dev.cairn.projections.RebuildMode;
import dev.cairn.projections.RebuildRefusedException;
import org.bson.Document;

import java.time.Duration;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The claim of the one rebuild of a projection under way (ADR 43), in the projection's control document:
 * <pre>
 * { _id: "balances", ..., rebuilder: { id: "uuid", node: "host-4711", mode: "BLUE_GREEN", startedAt: ISODate(..),
 *                                      beat: NumberLong(17) } }
 * </pre>
 * The holder increments {@code beat} on a timer; a process that wants the claim while it is held refuses as soon as the
 * beat moves, and takes it over only when the beat stood still for a whole claim timeout on its own clock.
 */
public final class RebuildClaim implements AutoCloseable {

    static final String REBUILDER = "rebuilder";
    private static final String ID = REBUILDER + ".id";
    private static final String BEAT = REBUILDER + ".beat";
    private static final long WATCH_MILLIS = 50;

    private final MongoCollection<Document> control;
    private final String projection;
    private final String id;
    private final ScheduledExecutorService heart;
    private final AtomicBoolean lost = new AtomicBoolean();
    private final AtomicBoolean released = new AtomicBoolean();
    private final Runnable onRelease;

    private RebuildClaim(MongoCollection<Document> control, String projection, String id, Duration beatEvery,
                         Runnable onRelease) {
        this.control = control;
        this.onRelease = onRelease;
        this.projection = projection;
        this.id = id;
        this.heart = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cairn-rebuild-claim-" + projection);
            thread.setDaemon(true);
            return thread;
        });
        heart.scheduleWithFixedDelay(this::beat, beatEvery.toMillis(), beatEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Claims the rebuild of {@code projection} for this process.
     *
     * @param claimTimeout how long a claim's beat must stand still before its holder is judged dead
     * @param onRelease    runs once the claim is removed (removes the control document when it records nothing else)
     * @return the claim, beating until {@link #close()}
     * @throws RebuildRefusedException when another live process is rebuilding the projection
     */
    public static RebuildClaim acquire(MongoCollection<Document> control, String projection, String node,
                                       RebuildMode mode, Duration claimTimeout, Runnable onRelease)
            throws InterruptedException {
        String id = UUID.randomUUID().toString();
        Document claim = new Document("id", id).append("node", node).append("mode", mode.name())
                                               .append("startedAt", new Date()).append("beat", 0L);
        Duration beatEvery = Duration.ofMillis(Math.max(100, Math.min(1_000, claimTimeout.toMillis() / 10)));
        while (true) {
            if (claimFree(control, projection, claim)) {
                return new RebuildClaim(control, projection, id, beatEvery, onRelease);
            }
            Document held = holder(control, projection);
            if (held == null) {
                continue; // released in between: try again
            }
            if (watchUntilDead(control, projection, held, claimTimeout)
                    && control.updateOne(Filters.and(Filters.eq("_id", projection), Filters.eq(ID, held.get("id")),
                                                     Filters.eq(BEAT, held.get("beat"))),
                                         Updates.set(REBUILDER, claim)).getModifiedCount() == 1) {
                return new RebuildClaim(control, projection, id, beatEvery, onRelease);
            }
        }
    }

    /** @return whether another process took the claim over (this one was judged dead) */
    public boolean lost() {
        return lost.get();
    }

    /** Stops the heartbeat and removes the claim, if this process still holds it. */
    @Override
    public void close() {
        if (released.compareAndSet(false, true)) {
            heart.shutdownNow();
            control.updateOne(Filters.and(Filters.eq("_id", projection), Filters.eq(ID, id)),
                              Updates.unset(REBUILDER));
            onRelease.run();
        }
    }

    private void beat() {
        try {
            if (control.updateOne(Filters.and(Filters.eq("_id", projection), Filters.eq(ID, id)),
                                  Updates.inc(BEAT, 1L)).getModifiedCount() == 0 && !released.get()) {
                lost.set(true);
                heart.shutdown();
            }
        } catch (RuntimeException e) {
            // a missed beat is retried on the next tick; a waiter tolerates a whole claim timeout of them
        }
    }

    private static boolean claimFree(MongoCollection<Document> control, String projection, Document claim) {
        try {
            com.mongodb.client.result.UpdateResult result = control.updateOne(
                    Filters.and(Filters.eq("_id", projection), Filters.exists(REBUILDER, false)),
                    Updates.set(REBUILDER, claim), new UpdateOptions().upsert(true));
            return result.getModifiedCount() == 1 || result.getUpsertedId() != null;
        } catch (RuntimeException e) {
            if (MongoErrors.isDuplicateKey(e)) {
                return false; // the document exists with a rebuilder: claimed
            }
            throw e;
        }
    }

    private static Document holder(MongoCollection<Document> control, String projection) {
        Document document = control.find(Filters.eq("_id", projection)).first();
        return document == null ? null : document.get(REBUILDER, Document.class);
    }

    /**
     * @return {@code true} when the holder's beat stood still for {@code claimTimeout} on this process's clock
     * @throws RebuildRefusedException as soon as the beat moves, or the claim is released or changes hands: the
     *                                 holder was alive (a rebuild that ends before its first beat is still one under
     *                                 way when this one was asked for: refuse, not queue behind it)
     */
    private static boolean watchUntilDead(MongoCollection<Document> control, String projection, Document held,
                                          Duration claimTimeout) throws InterruptedException {
        long deadline = System.nanoTime() + claimTimeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            TimeUnit.MILLISECONDS.sleep(WATCH_MILLIS);
            Document now = holder(control, projection);
            if (now == null || !now.get("id").equals(held.get("id"))) {
                // the rebuild it watched ended or changed hands: someone was rebuilding when this one was asked for
                throw refused(projection, now == null ? held : now);
            }
            if (!now.get("beat").equals(held.get("beat"))) {
                throw refused(projection, now);
            }
        }
        return true;
    }

    private static RebuildRefusedException refused(String projection, Document holder) {
        Date startedAt = holder.getDate("startedAt");
        return new RebuildRefusedException(projection, "Projection [" + projection + "] was not rebuilt: a "
                + ("BLUE_GREEN".equals(holder.getString("mode")) ? "blue/green" : "in-place") + " rebuild of it is "
                + "under way, started " + (startedAt == null ? "?" : startedAt.toInstant()) + " by "
                + holder.getString("node") + "; follow it with 'cairn projections status " + projection
                + "', and rebuild again once it has completed if needed");
    }
}
