package dev.cairn.benchmarks.internal;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One client's commands while open: the namespaces ({@code database.collection}) its write commands touched, the
 * commands by name, and, when sizing, the bytes of the command documents sent and of the replies received (the
 * encoded BSON: what crosses the wire less the message headers). Sizing encodes every document, so windows that
 * measure a rate keep it off.
 */
public final class WriteTally implements CommandListener {

    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findAndModify");

    private final Set<String> written = ConcurrentHashMap.newKeySet();
    private final Map<String, LongAdder> commands = new ConcurrentHashMap<>();
    private final LongAdder sent = new LongAdder();
    private final LongAdder received = new LongAdder();
    private volatile boolean open;
    private volatile boolean sizing;

    @Override
    public void commandStarted(CommandStartedEvent event) {
        if (!open) {
            return;
        }
        String name = event.getCommandName();
        commands.computeIfAbsent(name, key -> new LongAdder()).increment();
        BsonDocument command = event.getCommand();
        if (WRITES.contains(name)) {
            BsonValue collection = command.get(name);
            written.add(event.getDatabaseName() + "." + (collection != null && collection.isString()
                    ? collection.asString().getValue() : "?"));
        }
        if (sizing) {
            sent.add(size(command));
        }
    }

    @Override
    public void commandSucceeded(CommandSucceededEvent event) {
        if (open && sizing) {
            received.add(size(event.getResponse()));
        }
    }

    /** Forgets what was counted and starts counting; {@code withSizes} also sums the bytes. */
    public void open(boolean withSizes) {
        written.clear();
        commands.clear();
        sent.reset();
        received.reset();
        sizing = withSizes;
        open = true;
    }

    /** Stops counting. */
    public void close() {
        open = false;
    }

    /** @return the namespaces written since {@link #open} */
    public Set<String> written() {
        return Set.copyOf(written);
    }

    /** @return the commands sent since {@link #open}, by name */
    public Map<String, Long> commands() {
        Map<String, Long> byName = new TreeMap<>();
        commands.forEach((name, count) -> byName.put(name, count.sum()));
        return byName;
    }

    public long totalCommands() {
        return commands.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long bytesSent() {
        return sent.sum();
    }

    public long bytesReceived() {
        return received.sum();
    }

    private static long size(BsonDocument document) {
        if (document instanceof RawBsonDocument raw) {
            return raw.getByteBuffer().remaining();
        }
        return new RawBsonDocument(document, new BsonDocumentCodec()).getByteBuffer().remaining();
    }
}
