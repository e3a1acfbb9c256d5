package dev.cairn.benchmarks.internal;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.cairn.benchmarks.Contender;
import dev.cairn.mongo.embedded.EmbeddedMongo;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.bson.BsonDocument;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;

/**
 * The child JVM of the {@code heap} scenario: started with a small {@code -Xmx}, it streams a whole store from its
 * tail and prints one result line. The server runs in the parent, so the limit applies to the reader alone.
 * <pre>
 * HeapProbe &lt;cairn|raw|axon-mongo&gt; &lt;connection string&gt; &lt;database&gt; &lt;expected events&gt;
 * </pre>
 */
public final class HeapProbe {

    /** The prefix of the line the parent parses. */
    public static final String RESULT_PREFIX = "HEAP-PROBE-RESULT ";

    private HeapProbe() {
    }

    public static void main(String[] args) {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: HeapProbe <contender> <connection string> <database> <events>");
        }
        Contender contender = contender(args[0]);
        long expected = Long.parseLong(args[3]);
        try (MongoClient client = MongoClients.create(EmbeddedMongo.clientSettings(args[1]))) {
            StreamReaders.Read read;
            if (contender == Contender.RAW) {
                read = StreamReaders.readRaw(client.getDatabase(args[2]).getCollection("events", BsonDocument.class),
                                             Long.MAX_VALUE);
            } else {
                EventStorageEngine engine = Engines.of(contender, client, args[2]);
                read = StreamReaders.read(engine, engine.createTailToken(), Long.MAX_VALUE);
            }
            if (read.events() != expected) {
                System.out.println("HeapProbe read " + read.events() + " events, expected " + expected);
                System.exit(2);
            }
            System.out.printf(Locale.ROOT, "%sevents=%d seconds=%.3f peakHeapMb=%.1f maxHeapMb=%d%n", RESULT_PREFIX,
                              read.events(), read.nanos() / 1e9, peakHeapMb(),
                              Runtime.getRuntime().maxMemory() / (1024 * 1024));
        }
    }

    private static Contender contender(String label) {
        for (Contender contender : Contender.values()) {
            if (contender.label().equals(label)) {
                return contender;
            }
        }
        throw new IllegalArgumentException("Unknown contender [" + label + "]");
    }

    private static double peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / (1024.0 * 1024.0);
    }
}
