package dev.cairn.benchmarks.scenario;

import com.mongodb.client.MongoCollection;
import dev.cairn.benchmarks.Contender;
import dev.cairn.benchmarks.RunSettings;
import dev.cairn.benchmarks.internal.Engines;
import dev.cairn.benchmarks.internal.Population;
import dev.cairn.benchmarks.internal.StreamReaders;
import dev.cairn.benchmarks.report.Better;
import dev.cairn.benchmarks.report.ResultRow;
import dev.cairn.benchmarks.report.Target;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.bson.BsonDocument;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code stream}: a catch-up read of the whole store from its tail. The store holds single-event commits written by
 * concurrent writers (what command handling produces). Cairn and axon-mongo read through
 * {@code readEvents(createTailToken(), false)}; the raw driver reads the same event documents with one query sorted
 * by {@code _id}.
 */
final class StreamScenario implements Scenario {

    static final int EVENTS_PER_COMMIT = 1;
    static final int EVENTS_PER_AGGREGATE = 100;

    @Override
    public String name() {
        return "stream";
    }

    @Override
    public String description() {
        return "catch-up read from the tail through readEvents(token, false): events/s, server commands per 1,000";
    }

    @Override
    public List<ResultRow> run(ScenarioContext context) throws Exception {
        RunSettings settings = context.settings();
        Map<Contender, StreamReaders.Read> reads = new EnumMap<>(Contender.class);
        Map<Contender, Double> commandsPerThousand = new EnumMap<>(Contender.class);
        List<String> breakdowns = new ArrayList<>();
        List<String> partial = new ArrayList<>();
        for (Contender contender : Contender.values()) {
            ScenarioContext.Counted<StreamReaders.Read> measured;
            if (contender == Contender.RAW) {
                MongoCollection<BsonDocument> events =
                        context.database(contender).getCollection("events", BsonDocument.class);
                Population.insertRaw(events, settings.streamEvents(), EVENTS_PER_AGGREGATE);
                context.progress(contender.label() + ": stored; reading");
                StreamReaders.readRaw(events, deadline(settings.warmUp().toNanos()));
                measured = context.counted(() -> StreamReaders.readRaw(events, deadline(settings.streamCap()
                                                                                                .toNanos())));
            } else {
                EventStorageEngine engine = Engines.of(contender, context.client(), context.databaseName(contender));
                Population.append(engine, settings.streamEvents(), EVENTS_PER_COMMIT, EVENTS_PER_AGGREGATE,
                                  settings.writerThreads());
                context.progress(contender.label() + ": stored; reading");
                TrackingToken tail = engine.createTailToken();
                StreamReaders.read(engine, tail, deadline(settings.warmUp().toNanos()));
                measured = context.counted(() -> StreamReaders.read(engine, tail, deadline(settings.streamCap()
                                                                                                   .toNanos())));
            }
            StreamReaders.Read read = measured.result();
            context.progress(String.format("%s: %,d events in %.1f s", contender.label(), read.events(),
                                           read.nanos() / 1e9));
            reads.put(contender, read);
            commandsPerThousand.put(contender, measured.commands().total() * 1000.0 / read.events());
            breakdowns.add(contender.label() + ": " + measured.commands().breakdown() + " for " + read.events()
                                   + " events");
            if (!read.complete()) {
                partial.add(String.format("%s stopped at the %ds cap after %,d of %,d events", contender.label(),
                                          settings.streamCap().toSeconds(), read.events(), settings.streamEvents()));
            }
            context.dropDatabase(contender);
        }
        ResultRow throughput = ResultRow.of(name(), String.format("events/s (%,d events)", settings.streamEvents()),
                                            Better.HIGHER, rate(reads, Contender.CAIRN), rate(reads, Contender.RAW),
                                            rate(reads, Contender.AXON_MONGO))
                                        .withTarget(Target.atLeast(0.8, Target.Reference.RAW));
        if (!partial.isEmpty()) {
            throughput = throughput.withNote(String.join("; ", partial) + " (rate over the events read)");
        }
        ResultRow commands = ResultRow.of(name(), "server commands/1,000 events", Better.LOWER,
                                          commandsPerThousand.get(Contender.CAIRN),
                                          commandsPerThousand.get(Contender.RAW),
                                          commandsPerThousand.get(Contender.AXON_MONGO))
                                      .carryingOver()
                                      .withTarget(Target.atMost(2, Target.Reference.ABSOLUTE, "cmd/1,000 events"))
                                      .withNote(String.join("; ", breakdowns));
        return List.of(throughput, commands);
    }

    private static Double rate(Map<Contender, StreamReaders.Read> reads, Contender contender) {
        StreamReaders.Read read = reads.get(contender);
        return read == null ? null : read.eventsPerSecond();
    }

    private static long deadline(long nanosFromNow) {
        return System.nanoTime() + nanosFromNow;
    }
}
