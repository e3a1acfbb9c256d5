package dev.cairn.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.eventstore.mongo.EventStoreOperations;
import dev.cairn.eventstore.mongo.EventStoreStatistics;
import dev.cairn.eventstore.mongo.StoredEventView;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code cairn events stats|tail}: the event store, through the engine's operator API ({@link EventStoreOperations},
 * ADR 73) on the event collection the application names.
 */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = "The event store: statistics, and the latest events.",
        subcommands = {EventsCommand.Stats.class, EventsCommand.Tail.class})
final class EventsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    GlobalOptions options;

    @Override
    public void run() {
        throw RootCommand.missingCommand(spec);
    }

    /** Only reads: a storage command builds no engine, so it creates no index and writes nothing. */
    static EventStoreOperations operations(Session session) {
        return EventStoreOperations.on(session.database(), session.collections());
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "Events and commits stored, the head position, and commits and events per second over the "
                    + "last --window seconds.")
    static final class Stats extends CairnCommand {

        @Option(names = "--window", paramLabel = "SECONDS", defaultValue = "60",
                description = "How far back 'recently' reaches (default: ${DEFAULT-VALUE}).")
        long window;

        Stats(Session session) {
            super(session);
        }

        @Override
        int execute() {
            if (window < 1) {
                throw CliException.usage("--window must be at least 1 second, not " + window);
            }
            EventStoreStatistics stats = operations(session).statistics(Instant.now().minusSeconds(window));
            Instant lastCommitAt = stats.lastCommitAt();
            double commitsPerSecond = stats.recentCommits() / (double) window;
            double eventsPerSecond = stats.recentEvents() / (double) window;
            Output output = output();
            if (output.json()) {
                output.document(Documents.of("events", stats.events(), "commits", stats.commits(),
                                             "head", stats.headPosition(), "lastCommitAt", Output.iso(lastCommitAt),
                                             "windowSeconds", window, "recentCommits", stats.recentCommits(),
                                             "recentEvents", stats.recentEvents(),
                                             "commitsPerSecond", round(commitsPerSecond),
                                             "eventsPerSecond", round(eventsPerSecond)));
            } else {
                List<List<String>> rows = new ArrayList<>();
                rows.add(List.of("events", Output.count(stats.events())));
                rows.add(List.of("commits", Output.count(stats.commits())));
                rows.add(List.of("head position", Output.count(stats.headPosition())));
                rows.add(List.of("last commit", lastCommitAt == null ? "-" : Output.time(lastCommitAt) + " UTC ("
                        + Output.age(Duration.between(lastCommitAt, Instant.now())) + " ago)"));
                rows.add(List.of("commits/s, last " + window + "s", String.format(Locale.ROOT, "%.2f", commitsPerSecond)));
                rows.add(List.of("events/s, last " + window + "s", String.format(Locale.ROOT, "%.2f", eventsPerSecond)));
                output.table(List.of("EVENT STORE", ""), rows);
            }
            return 0;
        }

        private static double round(double value) {
            return Math.round(value * 100) / 100.0;
        }
    }

    @Command(name = "tail", mixinStandardHelpOptions = true,
            description = "The latest events (like tail): the last --lines events, or every event from --from "
                    + "POSITION on; with --follow, then each new event as it is stored, until interrupted.")
    static final class Tail extends CairnCommand {

        private static final ObjectMapper JSON = new ObjectMapper();
        /** Fixed columns, since a followed tail cannot know the widest cell in advance. */
        private static final String ROW = "%-9s  %-19s  %-32s  %5s  %-28s  %s";
        private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder()
                                                                            .outputMode(JsonMode.RELAXED).build();
        /** Events asked for at a time: a page, then the next one, until the store has no more. */
        private static final int PAGE = 500;

        @Option(names = "--from", paramLabel = "POSITION", description = "First global position to print.")
        Long from;

        @Option(names = {"-n", "--lines"}, paramLabel = "N", defaultValue = "10",
                description = "Without --from: how many of the latest events (default: ${DEFAULT-VALUE}).")
        int lines;

        @Option(names = {"-f", "--follow"}, description = "Keep printing events as they are stored.")
        boolean follow;

        @Option(names = "--limit", paramLabel = "N", hidden = true, description = "Stop after N events.")
        Long limit;

        Tail(Session session) {
            super(session);
        }

        @Override
        int execute() throws Exception {
            if (lines < 1 || (from != null && from < 0)) {
                throw CliException.usage(lines < 1 ? "--lines must be positive, not " + lines
                                                 : "--from must be zero or positive, not " + from);
            }
            EventStoreOperations operations = operations(session);
            long after = from != null ? from - 1 : Math.max(-1, operations.headPosition() - lines);
            Output output = output();
            if (!output.json()) {
                output.text(String.format(ROW, "POSITION", "TIME (UTC)", "AGGREGATE", "SEQ", "PAYLOAD TYPE", "EVENT")
                                  .stripTrailing());
            }
            long printed = 0;
            while (true) {
                List<StoredEventView> page = operations.eventsAfter(after, PAGE);
                for (StoredEventView event : page) {
                    print(output, event);
                    after = event.position();
                    if (limit != null && ++printed >= limit) {
                        return 0;
                    }
                }
                if (page.size() == PAGE) {
                    continue;
                }
                if (!follow) {
                    return 0;
                }
                if (page.isEmpty()) {
                    Thread.sleep(250);
                }
            }
        }

        private void print(Output output, StoredEventView event) throws Exception {
            // shown to the millisecond, as the store's dates are
            Instant timestamp = event.timestamp() == null ? null : event.timestamp().truncatedTo(ChronoUnit.MILLIS);
            if (output.json()) {
                // the keys are the view's components, in order: the stored field names, spelled by the event store
                Map<String, Object> line = new LinkedHashMap<>();
                for (RecordComponent component : StoredEventView.class.getRecordComponents()) {
                    line.put(component.getName(), component.getAccessor().invoke(event));
                }
                line.put("timestamp", Output.iso(timestamp));
                Object payload = stored(event.payload());
                line.put("payload", payload instanceof Document document ? JSON.readTree(document.toJson(RELAXED))
                        : payload);
                output.line(line);
            } else {
                String aggregate = event.aggregateIdentifier() == null ? "-"
                        : event.aggregateType() + " " + event.aggregateIdentifier();
                String type = event.payloadType();
                output.text(String.format(ROW, event.position(), timestamp == null ? "-" : Output.time(timestamp),
                                          aggregate, Output.orDash(event.sequenceNumber()),
                                          type == null ? "-" : type.substring(type.lastIndexOf('.') + 1),
                                          Output.orDash(event.eventIdentifier())));
            }
        }

        /** @return the stored payload as the driver's documents hold it: a document, a string, binary */
        private static Object stored(BsonValue payload) {
            if (payload == null) {
                return null;
            }
            BsonDocument holder = new BsonDocument("payload", payload);
            return new DocumentCodec().decode(holder.asBsonReader(), DecoderContext.builder().build()).get("payload");
        }
    }
}
