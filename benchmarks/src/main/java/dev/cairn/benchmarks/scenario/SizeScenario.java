package dev.cairn.benchmarks.scenario;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.cairn.benchmarks.Contender;
import dev.cairn.benchmarks.RunSettings;
import dev.cairn.benchmarks.internal.BenchEvents;
import dev.cairn.benchmarks.internal.Engines;
import dev.cairn.benchmarks.internal.Population;
import dev.cairn.benchmarks.internal.RawEvents;
import dev.cairn.benchmarks.report.Better;
import dev.cairn.benchmarks.report.ResultRow;
import dev.cairn.benchmarks.report.Target;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.RawBsonDocument;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code size}: bytes stored per event in the event collection, for single-event and ten-event commits. Measured
 * with the server's {@code collStats} {@code size} (BSON data size, no indexes, no snapshots), and cross-checked by
 * summing the byte length of every stored document read back as {@link RawBsonDocument}.
 */
final class SizeScenario implements Scenario {

    private static final String EVENTS = "events";

    @Override
    public String name() {
        return "size";
    }

    @Override
    public String description() {
        return "stored bytes per event (collStats size / events), single-event and ten-event commits";
    }

    @Override
    public List<ResultRow> run(ScenarioContext context) throws Exception {
        RunSettings settings = context.settings();
        List<ResultRow> rows = new ArrayList<>();
        for (int eventsPerCommit : new int[]{1, 10}) {
            Map<Contender, Double> collStats = new EnumMap<>(Contender.class);
            List<String> crossCheck = new ArrayList<>();
            for (Contender contender : Contender.values()) {
                MongoDatabase database = context.database(contender);
                if (contender == Contender.RAW) {
                    MongoCollection<BsonDocument> events = database.getCollection(EVENTS, BsonDocument.class);
                    RawEvents.createIndexes(events);
                    for (int index = 0; index < settings.sizeEvents(); index += eventsPerCommit) {
                        String orderId = "order-" + index / 100;
                        events.insertMany(BenchEvents.commit(orderId, index % 100, eventsPerCommit).stream()
                                                     .map(RawEvents::document).toList());
                    }
                } else {
                    EventStorageEngine engine = Engines.of(contender, context.client(),
                                                           context.databaseName(contender));
                    Population.append(engine, settings.sizeEvents(), eventsPerCommit, 100, 1);
                }
                String collection = Engines.eventCollection(contender);
                Document stats = database.runCommand(new Document("collStats", collection));
                double perEvent = stats.get("size", Number.class).doubleValue() / settings.sizeEvents();
                collStats.put(contender, perEvent);
                context.progress(String.format("%s, %d-event commits: %.1f bytes/event", contender.label(),
                                               eventsPerCommit, perEvent));
                crossCheck.add(String.format(Locale.ROOT, "%s %.1f", contender.label(),
                                             summedBytes(database, collection) / (double) settings.sizeEvents()));
                context.dropDatabase(contender);
            }
            ResultRow row = ResultRow.of(name(), "stored bytes/event (" + eventsPerCommit + "-event commits)",
                                         Better.LOWER, collStats.get(Contender.CAIRN), collStats.get(Contender.RAW),
                                         collStats.get(Contender.AXON_MONGO));
            if (eventsPerCommit == 1) {
                row = row.withTarget(Target.atMost(1.0, Target.Reference.AXON_MONGO, null)); // issue 15
            }
            rows.add(row.carryingOver()
                              .withNote("collStats size / events; summed RawBsonDocument bytes / events: "
                                                + String.join(", ", crossCheck)
                                                + "; index sizes are not measurable on the embedded server"));
            if (eventsPerCommit == 1) {
                rows.add(keyedCommits(context, collStats));
            }
        }
        return rows;
    }

    /**
     * Commits of idempotent commands carry their key and result (ADR 74); the baselines store no key.
     */
    private ResultRow keyedCommits(ScenarioContext context, Map<Contender, Double> plain) throws Exception {
        int total = context.settings().sizeEvents();
        EventStorageEngine engine = Engines.cairnWithKeys(context.client(), context.databaseName(Contender.CAIRN));
        Population.append(engine, total, 1, 100, 1);
        MongoDatabase database = context.database(Contender.CAIRN);
        Document stats = database.runCommand(new Document("collStats", EVENTS));
        double perEvent = stats.get("size", Number.class).doubleValue() / total;
        context.progress(String.format("%s, 1-event commits with an idempotency key: %.1f bytes/event",
                                       Contender.CAIRN.label(), perEvent));
        context.dropDatabase(Contender.CAIRN);
        return ResultRow.of(name(), "stored bytes/event (1-event commits of idempotent commands)", Better.LOWER,
                            perEvent, plain.get(Contender.RAW), plain.get(Contender.AXON_MONGO))
                        .carryingOver()
                        .withNote(String.format(Locale.ROOT, "Cairn's commit carries a 36-character key, its claim "
                                + "and a UUID result (+%.1f bytes over a commit without a key); the baselines "
                                + "store no key", perEvent - plain.get(Contender.CAIRN)));
    }

    private static long summedBytes(MongoDatabase database, String collection) {
        long bytes = 0;
        for (RawBsonDocument document : database.getCollection(collection, RawBsonDocument.class).find()) {
            bytes += document.getByteBuffer().remaining();
        }
        return bytes;
    }
}
