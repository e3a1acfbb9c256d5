package dev.cairn.benchmarks.scenario;

import com.mongodb.client.MongoCollection;
import dev.cairn.benchmarks.Contender;
import dev.cairn.benchmarks.RunSettings;
import dev.cairn.benchmarks.internal.Engines;
import dev.cairn.benchmarks.internal.Population;
import dev.cairn.benchmarks.internal.Rotation;
import dev.cairn.benchmarks.internal.StreamReaders;
import dev.cairn.benchmarks.internal.Tally;
import dev.cairn.benchmarks.report.Better;
import dev.cairn.benchmarks.report.ResultRow;
import dev.cairn.benchmarks.report.Target;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.bson.BsonDocument;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code stream}: a catch-up read of the whole store from its tail. The store holds single-event commits written by
 * concurrent writers (what command handling produces). Cairn and axon-mongo read through
 * {@code readEvents(createTailToken(), false)}; the raw driver reads the same event documents with one query sorted
 * by {@code _id}.
 * <p>
 * All three stores are populated first, then the reads are interleaved (ADR 0021): warm-up reads, each stopped after
 * the warm-up window, then measured reads from the tail, each capped at its share of the stream cap, the first
 * reader rotating from round to round. A contender's rate is its events over its time summed over the measured reads.
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

    /** A catch-up read of one contender's store from its tail, stopping at a deadline. */
    private interface Reader {
        StreamReaders.Read read(long deadlineNanos);
    }

    @Override
    public List<ResultRow> run(ScenarioContext context) throws Exception {
        RunSettings settings = context.settings();
        List<Contender> contenders = List.of(Contender.values());
        Map<Contender, Tally> tallies = new EnumMap<>(Contender.class);
        try {
            Map<Contender, Reader> readers = new EnumMap<>(Contender.class);
            for (Contender contender : contenders) {
                readers.put(contender, populate(contender, context));
                context.progress(contender.label() + ": stored " + settings.streamEvents() + " events");
            }
            for (int round = 0; round < settings.warmUpRounds(); round++) {
                List<String> rates = new ArrayList<>();
                for (Contender contender : Rotation.of(contenders, round)) {
                    StreamReaders.Read read = readers.get(contender).read(deadline(settings.warmUp().toNanos()));
                    rates.add(contender.label() + " " + perSecond(read));
                }
                context.progress(String.format("warm-up read %d/%d events/s: %s", round + 1,
                                               settings.warmUpRounds(), String.join(" / ", rates)));
            }
            contenders.forEach(contender -> tallies.put(contender, Tally.empty()));
            long cap = settings.streamCapPerRound().toNanos();
            for (int round = 0; round < settings.measureRounds(); round++) {
                List<String> rates = new ArrayList<>();
                for (Contender contender : Rotation.of(contenders, round)) {
                    Reader reader = readers.get(contender);
                    ScenarioContext.Counted<StreamReaders.Read> measured =
                            context.counted(() -> reader.read(deadline(cap)));
                    StreamReaders.Read read = measured.result();
                    tallies.compute(contender, (key, tally) -> tally.plus(read.events(), read.nanos(),
                                                                          measured.commands(), read.complete()));
                    rates.add(String.format(Locale.ROOT, "%s %s (%,d events)", contender.label(), perSecond(read),
                                            read.events()));
                }
                context.progress(String.format("measured read %d/%d events/s: %s", round + 1,
                                               settings.measureRounds(), String.join(" / ", rates)));
            }
        } finally {
            contenders.forEach(context::dropDatabase);
        }
        return rows(tallies, settings);
    }

    /**
     * Stores the scenario's events in {@code contender}'s database.
     *
     * @return a reader of that store
     */
    private static Reader populate(Contender contender, ScenarioContext context) throws Exception {
        RunSettings settings = context.settings();
        if (contender == Contender.RAW) {
            MongoCollection<BsonDocument> events =
                    context.database(contender).getCollection("events", BsonDocument.class);
            Population.insertRaw(events, settings.streamEvents(), EVENTS_PER_AGGREGATE);
            return deadline -> StreamReaders.readRaw(events, deadline);
        }
        EventStorageEngine engine = Engines.of(contender, context.client(), context.databaseName(contender));
        Population.append(engine, settings.streamEvents(), EVENTS_PER_COMMIT, EVENTS_PER_AGGREGATE,
                          settings.writerThreads());
        TrackingToken tail = engine.createTailToken();
        return deadline -> StreamReaders.read(engine, tail, deadline);
    }

    private List<ResultRow> rows(Map<Contender, Tally> tallies, RunSettings settings) {
        List<String> breakdowns = new ArrayList<>();
        List<String> partial = new ArrayList<>();
        tallies.forEach((contender, tally) -> {
            breakdowns.add(contender.label() + ": " + tally.commands().breakdown() + " for " + tally.events()
                                   + " events");
            if (!tally.complete()) {
                partial.add(String.format(Locale.ROOT, "%s stopped at the %.1fs cap of a read (%,d events in %d "
                                                  + "reads of %,d)", contender.label(),
                                          settings.streamCapPerRound().toMillis() / 1e3, tally.events(),
                                          tally.rounds(), settings.streamEvents()));
            }
        });
        ResultRow throughput = ResultRow.of(name(), String.format("events/s (%,d events)", settings.streamEvents()),
                                            Better.HIGHER, figure(tallies, Contender.CAIRN, false),
                                            figure(tallies, Contender.RAW, false),
                                            figure(tallies, Contender.AXON_MONGO, false))
                                        .withTarget(Target.atLeast(0.8, Target.Reference.RAW));
        if (!partial.isEmpty()) {
            throughput = throughput.withNote(String.join("; ", partial) + " (rate over the events read)");
        }
        ResultRow commands = ResultRow.of(name(), "server commands/1,000 events", Better.LOWER,
                                          figure(tallies, Contender.CAIRN, true),
                                          figure(tallies, Contender.RAW, true),
                                          figure(tallies, Contender.AXON_MONGO, true))
                                      .carryingOver()
                                      .withTarget(Target.atMost(2, Target.Reference.ABSOLUTE, "cmd/1,000 events"))
                                      .withNote(String.join("; ", breakdowns));
        return List.of(throughput, commands);
    }

    private static Double figure(Map<Contender, Tally> tallies, Contender contender, boolean commandsPerThousand) {
        Tally tally = tallies.get(contender);
        if (tally == null || tally.events() == 0) {
            return null;
        }
        return commandsPerThousand ? tally.commandsPerEvent() * 1000 : tally.eventsPerSecond();
    }

    private static String perSecond(StreamReaders.Read read) {
        return String.format(Locale.ROOT, "%,.0f", read.eventsPerSecond());
    }

    private static long deadline(long nanosFromNow) {
        return System.nanoTime() + nanosFromNow;
    }
}
