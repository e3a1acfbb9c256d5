package dev.cairn.eventstore.mongo;

import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.OperationType;
import org.axonframework.common.Registration;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Rings when any process stores a commit in the event collection (ADR 83): one MongoDB change stream on that
 * collection, shared by every listener of this engine, used only as a doorbell. A ring carries no event; listeners
 * read what is new through the normal gap-aware stream, so a notification that is lost, late, duplicated or out of
 * order changes when they look, never what they read.
 * <p>
 * The stream runs on one daemon thread while at least one listener is subscribed. It is opened only where the
 * server's {@code isMaster} (hello) reply names a replica set or a mongos (or when the engine was told the server has change
 * streams anyway, {@link MongoEventStorageEngine.Builder#changeStreamsOnStandalone(boolean)}); on a standalone server
 * the doorbell is silent without sending a change stream the server would refuse. Where the stream fails (missing
 * privileges, an invalidated stream, a dropped connection) the doorbell is silent too: listeners keep polling as
 * before, and it looks again after a back-off that doubles from {@value #FIRST_RETRY_MILLIS} ms up to
 * {@value #LONGEST_RETRY_MILLIS} ms. Every time the stream (re)opens it rings once, so commits stored while it was down
 * are looked for at once.
 * <p>
 * On a real MongoDB a change stream's getMore waits on the server for the next change (up to
 * {@value #AWAIT_MILLIS} ms), so a ring follows a commit by about one network round trip. A server whose getMore
 * answers at once (the embedded test server) is asked again after {@value #POLL_PAUSE_MILLIS} ms.
 */
public final class CommitDoorbell {

    static final long FIRST_RETRY_MILLIS = 500;
    static final long LONGEST_RETRY_MILLIS = 30_000;
    static final long AWAIT_MILLIS = 1_000;
    static final long POLL_PAUSE_MILLIS = 5;

    private static final Logger logger = LoggerFactory.getLogger(CommitDoorbell.class);
    // commits are inserts; the full document is left out, a ring needs none of it
    private static final List<Bson> PIPELINE = List.of(
            Aggregates.match(Filters.in("operationType", "insert", "replace", "update", "invalidate")),
            Aggregates.project(new BsonDocument("operationType", new org.bson.BsonInt32(1))));

    private final MongoDatabase database;
    private final MongoCollection<BsonDocument> events;
    private final boolean onStandalone;
    private final Set<Runnable> listeners = new CopyOnWriteArraySet<>();
    private final Object lifecycle = new Object();
    private Thread watcher;
    private volatile boolean open;
    private volatile long rings;

    /**
     * @param database     the database of the event collection, for the {@code hello} command
     * @param events       the event collection to watch
     * @param onStandalone whether to open the stream also when {@code hello} reports no replica set
     */
    CommitDoorbell(MongoDatabase database, MongoCollection<BsonDocument> events, boolean onStandalone) {
        this.database = database;
        this.events = events;
        this.onStandalone = onStandalone;
    }

    /**
     * Calls {@code listener} (on the doorbell's thread; it must return quickly) whenever a commit may have been stored
     * by any process. The first subscription opens the change stream; cancelling the last one closes it.
     */
    public Registration subscribe(Runnable listener) {
        if (listener == null) {
            throw new IllegalArgumentException("A doorbell listener may not be null");
        }
        synchronized (lifecycle) {
            listeners.add(listener);
            if (watcher == null) {
                watcher = new Thread(this::watch, "cairn-commit-doorbell-" + events.getNamespace().getFullName());
                watcher.setDaemon(true);
                watcher.start();
            }
        }
        return () -> {
            synchronized (lifecycle) {
                boolean removed = listeners.remove(listener);
                if (listeners.isEmpty() && watcher != null) {
                    watcher.interrupt();
                    watcher = null;
                }
                return removed;
            }
        };
    }

    /** @return whether the change stream is open now (otherwise listeners rely on polling alone) */
    public boolean listening() {
        return open;
    }

    /** @return how often the doorbell rang so far (a diagnostic) */
    public long rings() {
        return rings;
    }

    private void watch() {
        Thread self = Thread.currentThread();
        long retry = FIRST_RETRY_MILLIS;
        while (current(self)) {
            if (!changeStreamsExpected()) {
                pause(self, retry);
                retry = Math.min(LONGEST_RETRY_MILLIS, retry * 2);
                continue;
            }
            try (MongoChangeStreamCursor<ChangeStreamDocument<BsonDocument>> cursor =
                         events.watch(PIPELINE).maxAwaitTime(AWAIT_MILLIS, TimeUnit.MILLISECONDS).cursor()) {
                open = true;
                ring(); // commits stored while the stream was closed
                retry = FIRST_RETRY_MILLIS;
                listen(self, cursor);
            } catch (RuntimeException e) {
                if (!current(self)) {
                    break;
                }
                logger.debug("No change stream on {} (polling continues; retry in {} ms): {}",
                             events.getNamespace(), retry, e.toString());
            } finally {
                open = false;
            }
            pause(self, retry);
            retry = Math.min(LONGEST_RETRY_MILLIS, retry * 2);
        }
    }

    /** @return whether the server may have change streams: a replica set or mongos, or told so */
    private boolean changeStreamsExpected() {
        if (onStandalone) {
            return true;
        }
        try {
            // the legacy name: every MongoDB answers it, and the embedded server knows no other
            Document hello = database.runCommand(new Document("isMaster", 1));
            return hello.containsKey("setName") || "isdbgrid".equals(hello.get("msg"));
        } catch (RuntimeException e) {
            logger.debug("Cannot ask {} whether it has change streams (polling continues): {}", database.getName(),
                         e.toString());
            return false;
        }
    }

    private void pause(Thread self, long millis) {
        if (current(self)) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
        }
    }

    /** Rings once per server answer that holds changes, until the stream ends or the doorbell is stopped. */
    private void listen(Thread self, MongoChangeStreamCursor<ChangeStreamDocument<BsonDocument>> cursor) {
        while (current(self)) {
            long asked = System.nanoTime();
            ChangeStreamDocument<BsonDocument> change = cursor.tryNext();
            if (change == null) {
                if (System.nanoTime() - asked < TimeUnit.MILLISECONDS.toNanos(AWAIT_MILLIS / 2)) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_PAUSE_MILLIS));
                }
                continue;
            }
            boolean invalidated = change.getOperationType() == OperationType.INVALIDATE;
            while (!invalidated && cursor.available() > 0) {
                invalidated = cursor.tryNext().getOperationType() == OperationType.INVALIDATE;
            }
            ring();
            if (invalidated) {
                throw new IllegalStateException("the change stream was invalidated");
            }
        }
    }

    private boolean current(Thread self) {
        synchronized (lifecycle) {
            return watcher == self && !self.isInterrupted();
        }
    }

    private void ring() {
        rings++;
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                logger.warn("A commit doorbell listener failed", e);
            }
        }
    }
}
