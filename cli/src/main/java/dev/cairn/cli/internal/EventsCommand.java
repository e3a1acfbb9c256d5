package dev.cairn.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.eventstore.mongo.layout.StorageLayout;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;

import static dev.cairn.eventstore.mongo.layout.StorageLayout.AGGREGATE_IDENTIFIER;
import static dev.cairn.eventstore.mongo.layout.StorageLayout.AGGREGATE_TYPE;
import static dev.cairn.eventstore.mongo.layout.StorageLayout.EVENTS;
import static dev.cairn.eventstore.mongo.layout.StorageLayout.EVENT_IDENTIFIER;
import static dev.cairn.eventstore.mongo.layout.StorageLayout.ID;
import static dev.cairn.eventstore.mongo.layout.StorageLayout.LAST_GLOBAL_INDEX;
import static dev.cairn.eventstore.mongo.layout.StorageLayout.PAYLOAD;
import static dev.cairn.eventstore.mongo.layout.StorageLayout.PAYLOAD_REVISION;
import static dev.cairn.eventstore.mongo.layout.StorageLayout.PAYLOAD_TYPE;
import static dev.cairn.eventstore.mongo.layout.StorageLayout.SEQUENCE_NUMBER;
import static dev.cairn.eventstore.mongo.layout.StorageLayout.TIMESTAMP;
import static dev.cairn.eventstore.mongo.layout.StorageLayout.VOIDED;

/**
 * {@code cairn events stats|tail}: the event store, read from its commit documents (field names from
 * {@link StorageLayout}, the default collections).
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

    static MongoCollection<Document> commits(Session session) {
        return session.database().getCollection(StorageLayout.defaults().eventCollection());
    }

    static Bson stored() {
        return Filters.ne(VOIDED, true);
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
            MongoCollection<Document> commits = commits(session);
            long head = MongoEventStorageEngine.builder().database(session.database()).build()
                                               .createHeadToken().position().orElse(0);
            Counts all = counts(commits, stored());
            Instant since = Instant.now().minusSeconds(window);
            Counts recent = counts(commits, Filters.and(stored(), Filters.gte(TIMESTAMP, Date.from(since))));
            Document last = commits.find(stored()).sort(Sorts.descending(ID)).limit(1).first();
            Instant lastCommitAt = last == null || last.getDate(TIMESTAMP) == null ? null
                    : last.getDate(TIMESTAMP).toInstant();
            double commitsPerSecond = recent.commits / (double) window;
            double eventsPerSecond = recent.events / (double) window;
            Output output = output();
            if (output.json()) {
                output.document(Documents.of("events", all.events, "commits", all.commits, "head", head,
                                             "lastCommitAt", Output.iso(lastCommitAt), "windowSeconds", window,
                                             "recentCommits", recent.commits, "recentEvents", recent.events,
                                             "commitsPerSecond", round(commitsPerSecond),
                                             "eventsPerSecond", round(eventsPerSecond)));
            } else {
                List<List<String>> rows = new ArrayList<>();
                rows.add(List.of("events", Output.count(all.events)));
                rows.add(List.of("commits", Output.count(all.commits)));
                rows.add(List.of("head position", Output.count(head)));
                rows.add(List.of("last commit", lastCommitAt == null ? "-" : Output.time(lastCommitAt) + " UTC ("
                        + Output.age(Duration.between(lastCommitAt, Instant.now())) + " ago)"));
                rows.add(List.of("commits/s, last " + window + "s", String.format(Locale.ROOT, "%.2f", commitsPerSecond)));
                rows.add(List.of("events/s, last " + window + "s", String.format(Locale.ROOT, "%.2f", eventsPerSecond)));
                output.table(List.of("EVENT STORE", ""), rows);
            }
            return 0;
        }

        private static Counts counts(MongoCollection<Document> commits, Bson filter) {
            Document size = new Document("$add", List.of(new Document("$subtract", List.of("$" + LAST_GLOBAL_INDEX,
                                                                                           "$" + ID)), 1));
            Document result = commits.aggregate(List.of(Aggregates.match(filter), Aggregates.group(
                    null, Accumulators.sum("commits", 1), Accumulators.sum("events", size)))).first();
            return result == null ? new Counts(0, 0)
                    : new Counts(((Number) result.get("commits")).longValue(),
                                 ((Number) result.get("events")).longValue());
        }

        private static double round(double value) {
            return Math.round(value * 100) / 100.0;
        }

        private record Counts(long commits, long events) {
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
            MongoCollection<Document> commits = commits(session);
            long next = from != null ? from : Math.max(0, head(commits) - lines + 1);
            Output output = output();
            if (!output.json()) {
                output.text(String.format(ROW, "POSITION", "TIME (UTC)", "AGGREGATE", "SEQ", "PAYLOAD TYPE", "EVENT")
                                  .stripTrailing());
            }
            long printed = 0;
            while (true) {
                long before = next;
                for (Document commit : commits.find(Filters.and(stored(), Filters.gte(LAST_GLOBAL_INDEX, next)))
                                              .sort(Sorts.ascending(ID))) {
                    List<Document> events = commit.getList(EVENTS, Document.class, List.of());
                    long first = ((Number) commit.get(ID)).longValue();
                    for (int i = 0; i < events.size(); i++) {
                        long position = first + i;
                        if (position < next) {
                            continue;
                        }
                        print(output, position, events.get(i), commit.getDate(TIMESTAMP));
                        next = position + 1;
                        if (limit != null && ++printed >= limit) {
                            return 0;
                        }
                    }
                    next = Math.max(next, ((Number) commit.get(LAST_GLOBAL_INDEX)).longValue() + 1);
                }
                if (!follow) {
                    return 0;
                }
                if (next == before) {
                    Thread.sleep(250);
                }
            }
        }

        private static long head(MongoCollection<Document> commits) {
            Document last = commits.find().sort(Sorts.descending(LAST_GLOBAL_INDEX)).limit(1).first();
            return last == null ? -1 : ((Number) last.get(LAST_GLOBAL_INDEX)).longValue();
        }

        /**
         * @param commitTimestamp the commit's timestamp, which an event stored in the same millisecond leaves out
         */
        private void print(Output output, long position, Document event, Date commitTimestamp) throws Exception {
            Date timestamp = event.containsKey(TIMESTAMP) ? event.getDate(TIMESTAMP) : commitTimestamp;
            if (output.json()) {
                Object payload = event.get(PAYLOAD);
                Object json = payload instanceof Document document ? JSON.readTree(document.toJson(RELAXED))
                        : payload;
                output.line(Documents.of("position", position,
                                         "timestamp", timestamp == null ? null : Output.iso(timestamp.toInstant()),
                                         // the JSON keys are the stored field names
                                         AGGREGATE_TYPE, event.getString(AGGREGATE_TYPE),
                                         AGGREGATE_IDENTIFIER, event.getString(AGGREGATE_IDENTIFIER),
                                         SEQUENCE_NUMBER, event.get(SEQUENCE_NUMBER),
                                         PAYLOAD_TYPE, event.getString(PAYLOAD_TYPE),
                                         PAYLOAD_REVISION, event.getString(PAYLOAD_REVISION),
                                         EVENT_IDENTIFIER, event.getString(EVENT_IDENTIFIER),
                                         "payload", json));
            } else {
                String aggregate = event.getString(AGGREGATE_IDENTIFIER) == null ? "-"
                        : event.getString(AGGREGATE_TYPE) + " " + event.getString(AGGREGATE_IDENTIFIER);
                String type = event.getString(PAYLOAD_TYPE);
                output.text(String.format(ROW, position,
                                          timestamp == null ? "-" : Output.time(timestamp.toInstant()), aggregate,
                                          Output.orDash(event.get(SEQUENCE_NUMBER)),
                                          type == null ? "-" : type.substring(type.lastIndexOf('.') + 1),
                                          Output.orDash(event.getString(EVENT_IDENTIFIER))));
            }
        }
    }
}
