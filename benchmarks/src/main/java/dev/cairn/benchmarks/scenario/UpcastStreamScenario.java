package dev.cairn.benchmarks.scenario;

import dev.cairn.benchmarks.Contender;
import dev.cairn.benchmarks.RunSettings;
import com.mongodb.client.MongoDatabase;
import dev.cairn.benchmarks.internal.CommandCounter;
import dev.cairn.benchmarks.internal.ItemAdded;
import dev.cairn.benchmarks.internal.LegacyItemAdded;
import dev.cairn.benchmarks.internal.QuantityRenamed;
import dev.cairn.benchmarks.internal.Rotation;
import dev.cairn.benchmarks.internal.Tally;
import dev.cairn.benchmarks.report.Better;
import dev.cairn.benchmarks.report.ResultRow;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code stream-upcast}: the cost of one upcaster on a catch-up read. A store of 10,000 events, every other one in an
 * old form ({@link LegacyItemAdded}), is read from its tail by two Cairn engines on the same documents: one with
 * {@link QuantityRenamed} in its upcaster chain, one without. Reads alternate, first reader rotating (ADR 0021). The
 * read checks what it got: with the upcaster no old form may remain, without it half the events are old.
 */
final class UpcastStreamScenario implements Scenario {

    static final int EVENTS = 10_000;
    private static final int EVENTS_PER_AGGREGATE = 100;
    /** Server commands are not the subject here (both readers send the same). */
    private static final CommandCounter.Counts NO_COMMANDS = new CommandCounter.Counts(Map.of());

    @Override
    public String name() {
        return "stream-upcast";
    }

    @Override
    public String description() {
        return "catch-up read of 10,000 events, half in an old form: one upcaster in the chain vs none";
    }

    @Override
    public List<ResultRow> run(ScenarioContext context) throws Exception {
        RunSettings settings = context.settings();
        int events = Math.min(EVENTS, settings.streamEvents());
        MongoDatabase database = context.database(Contender.CAIRN);
        try {
            MongoEventStorageEngine plain = MongoEventStorageEngine.builder().database(database).build();
            populate(plain, events);
            MongoEventStorageEngine upcasting = MongoEventStorageEngine.builder()
                                                                       .database(database)
                                                                       .upcasterChain(new QuantityRenamed())
                                                                       .build();
            List<EventStorageEngine> readers = List.of(upcasting, plain);
            for (int round = 0; round < settings.warmUpRounds(); round++) {
                for (EventStorageEngine reader : Rotation.of(readers, round)) {
                    read(reader, reader == upcasting, events);
                }
            }
            Tally with = Tally.empty();
            Tally without = Tally.empty();
            for (int round = 0; round < settings.measureRounds(); round++) {
                List<String> rates = new ArrayList<>();
                for (EventStorageEngine reader : Rotation.of(readers, round)) {
                    long nanos = read(reader, reader == upcasting, events);
                    if (reader == upcasting) {
                        with = with.plus(events, nanos, NO_COMMANDS, true);
                    } else {
                        without = without.plus(events, nanos, NO_COMMANDS, true);
                    }
                    rates.add(String.format(Locale.ROOT, "%s %,.0f", reader == upcasting ? "upcaster" : "none",
                                            events / (nanos / 1e9)));
                }
                context.progress(String.format("measured read %d/%d events/s: %s", round + 1,
                                               settings.measureRounds(), String.join(" / ", rates)));
            }
            return rows(with.eventsPerSecond(), without.eventsPerSecond(), events);
        } finally {
            context.dropDatabase(Contender.CAIRN);
        }
    }

    private List<ResultRow> rows(double with, double without, int events) {
        String size = String.format(Locale.ROOT, "%,d events, half old", events);
        return List.of(
                ResultRow.of(name(), "events/s, one upcaster (" + size + ")", Better.HIGHER, with, null, null)
                         .withNote("Cairn's engine with QuantityRenamed (a field rename on Jackson's tree)"),
                ResultRow.of(name(), "events/s, no upcaster (same documents)", Better.HIGHER, without, null, null),
                ResultRow.of(name(), "with / without upcaster", Better.HIGHER, with / without, null, null)
                         .withNote("ratio of the two rates above, measured in the same process"));
    }

    private static void populate(EventStorageEngine engine, int events) {
        List<DomainEventMessage<?>> batch = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            String order = "upcast-" + i / EVENTS_PER_AGGREGATE;
            long sequence = i % EVENTS_PER_AGGREGATE;
            ItemAdded current = ItemAdded.sample(order, sequence);
            Object payload = i % 2 == 0 ? current : LegacyItemAdded.of(current);
            batch.add(new GenericDomainEventMessage<>("BenchOrder", order, sequence, payload));
            if (sequence == EVENTS_PER_AGGREGATE - 1 || i == events - 1) {
                engine.appendEvents(batch);
                batch.clear();
            }
        }
    }

    /**
     * Reads the whole store, consuming every payload.
     *
     * @return the time taken
     * @throws IllegalStateException when the read did not get what the upcaster chain promises
     */
    private static long read(EventStorageEngine engine, boolean upcasting, int expected) {
        long start = System.nanoTime();
        int count = 0;
        int old = 0;
        try (Stream<? extends TrackedEventMessage<?>> stream = engine.readEvents(engine.createTailToken(), false)) {
            Iterator<? extends TrackedEventMessage<?>> iterator = stream.iterator();
            while (iterator.hasNext()) {
                if (iterator.next().getPayload() instanceof LegacyItemAdded) {
                    old++;
                }
                count++;
            }
        }
        long nanos = System.nanoTime() - start;
        int expectedOld = upcasting ? 0 : expected / 2;
        if (count != expected || old != expectedOld) {
            throw new IllegalStateException("Read " + count + " events, " + old + " in the old form; expected "
                                                    + expected + ", " + expectedOld + " old");
        }
        return nanos;
    }
}
