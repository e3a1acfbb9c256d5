package dev.cairn.snapshots.support;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the events the driver actually received from the event collection: the events inside every commit
 * document of every {@code find} and {@code getMore} reply on that collection.
 */
public final class EventFetchCounter implements CommandListener {

    private final String collection;
    private final Map<Integer, Boolean> tracked = new ConcurrentHashMap<>();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong queries = new AtomicLong();
    private volatile Thread countedThread;

    public EventFetchCounter(String collection) {
        this.collection = collection;
    }

    @Override
    public void commandStarted(CommandStartedEvent event) {
        if (countedThread != null && Thread.currentThread() != countedThread) {
            return; // e.g. the asynchronous snapshotter loading the same aggregate meanwhile
        }
        BsonDocument command = event.getCommand();
        boolean find = "find".equals(event.getCommandName())
                && collection.equals(command.getString("find").getValue());
        boolean getMore = "getMore".equals(event.getCommandName())
                && collection.equals(command.getString("collection").getValue());
        if (find || getMore) {
            tracked.put(event.getRequestId(), Boolean.TRUE);
        }
    }

    @Override
    public void commandSucceeded(CommandSucceededEvent event) {
        if (tracked.remove(event.getRequestId()) == null) {
            return;
        }
        queries.incrementAndGet();
        BsonDocument cursor = event.getResponse().getDocument("cursor");
        BsonArray batch = cursor.containsKey("firstBatch") ? cursor.getArray("firstBatch")
                : cursor.getArray("nextBatch");
        for (BsonValue commit : batch) {
            BsonValue commitEvents = commit.asDocument().get("events");
            if (commitEvents != null && commitEvents.isArray()) {
                events.addAndGet(commitEvents.asArray().size());
            }
        }
    }

    public long events() {
        return events.get();
    }

    public long queries() {
        return queries.get();
    }

    /**
     * Starts counting from zero, only the reads of the calling thread (the synchronous driver reports commands on
     * the thread that sends them).
     */
    public void reset() {
        countedThread = Thread.currentThread();
        events.set(0);
        queries.set(0);
    }
}
