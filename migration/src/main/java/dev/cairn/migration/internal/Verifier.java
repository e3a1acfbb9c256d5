package dev.cairn.migration.internal;

import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import dev.cairn.migration.AxonMongoFields;
import dev.cairn.migration.Verification;
import org.bson.BsonDocument;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Sorts.ascending;

/**
 * Compares the source and the target aggregate by aggregate: count, contiguous sequence numbers from 0, and the sum
 * of the events' digests ({@link EventDigest}); the first aggregate that differs is compared event by event to name
 * the event and the part that differs. Events outside aggregates are compared as one group.
 */
public final class Verifier {

    /** The group of events published outside an aggregate. */
    private static final String NO_AGGREGATE = "";
    private static final int LISTED = 20;

    private final SourceReader source;
    private final TargetEvents target;
    private final AxonMongoFields fields;
    private final MongoDatabase sourceDatabase;
    private final int batchSize;
    private final SampleLoader sample;

    /**
     * @param sample loads a sample of aggregates through Axon from both stores; {@code null} for none
     */
    public Verifier(SourceReader source, MongoDatabase sourceDatabase, AxonMongoFields fields, TargetEvents target,
                    int batchSize, SampleLoader sample) {
        this.sample = sample;
        this.source = source;
        this.sourceDatabase = sourceDatabase;
        this.fields = fields;
        this.target = target;
        this.batchSize = batchSize;
    }

    private static final class Tally {
        long count;
        long minSequence = Long.MAX_VALUE;
        long maxSequence = Long.MIN_VALUE;
        long hashHigh;
        long hashLow;

        void add(long sequenceNumber, EventDigest digest) {
            count++;
            minSequence = Math.min(minSequence, sequenceNumber);
            maxSequence = Math.max(maxSequence, sequenceNumber);
            long[] hash = digest.hash();
            hashHigh += hash[0];
            hashLow += hash[1];
        }

        boolean sameAs(Tally other) {
            return other != null && count == other.count && hashHigh == other.hashHigh && hashLow == other.hashLow;
        }
    }

    public Verification verify() {
        Map<String, Tally> sourceTallies = new HashMap<>();
        IdentifierSet identifiers = new IdentifierSet();
        IdentifierSet listed = new IdentifierSet();
        long duplicateCount = 0;
        List<String> duplicates = new ArrayList<>();
        long sourceEvents = 0;
        try (MongoCursor<BsonDocument> cursor = source.unordered(batchSize)) {
            while (cursor.hasNext()) {
                for (SourceEvent event : source.events(cursor.next())) {
                    sourceEvents++;
                    if (!identifiers.add(event.eventIdentifier())) {
                        duplicateCount++;
                        if (duplicates.size() < LISTED && listed.add(event.eventIdentifier())) {
                            duplicates.add(event.eventIdentifier());
                        }
                    }
                    sourceTallies.computeIfAbsent(key(event.aggregateIdentifier()), k -> new Tally())
                                 .add(event.sequenceNumber(), EventDigest.ofSource(event));
                }
            }
        }
        Map<String, Tally> targetTallies = new HashMap<>();
        long[] targetEvents = {0};
        target.forEach(batchSize, stored -> {
            targetEvents[0]++;
            targetTallies.computeIfAbsent(key(stored.aggregateIdentifier()), k -> new Tally())
                         .add(stored.sequenceNumber(), stored.digest());
        });

        List<String> problems = new ArrayList<>();
        duplicates.forEach(id -> problems.add("Source event identifier [" + id + "] occurs more than once in ["
                                                      + source.collectionName() + "]"));
        if (duplicateCount > duplicates.size()) {
            problems.add(duplicateCount + " repeated event identifiers in [" + source.collectionName() + "] in all, "
                                 + duplicates.size() + " of them listed");
        }
        TreeSet<String> aggregates = new TreeSet<>(sourceTallies.keySet());
        aggregates.addAll(targetTallies.keySet());
        List<String> differences = new ArrayList<>();
        long withHoles = 0;
        for (String aggregate : aggregates) {
            Tally from = sourceTallies.get(aggregate);
            Tally to = targetTallies.get(aggregate);
            if (from != null && !aggregate.equals(NO_AGGREGATE)
                    && (from.minSequence != 0 || from.maxSequence != from.count - 1)) {
                // listed up to LISTED aggregates (one query each to name the holes), the rest counted
                if (++withHoles <= LISTED) {
                    problems.add("Source aggregate [" + aggregate + "] has " + from.count + " events with sequence "
                                         + "numbers " + from.minSequence + ".." + from.maxSequence + ": not "
                                         + "contiguous from 0 (" + sequenceProblems(aggregate) + ")");
                }
            }
            if (from == null || !from.sameAs(to)) {
                differences.add(difference(aggregate, from, to, differences.isEmpty()));
            }
        }
        if (withHoles > LISTED) {
            problems.add(withHoles + " source aggregates with sequence numbers not contiguous from 0 in all, " + LISTED
                                 + " of them listed");
        }
        List<String> aggregateIds = new ArrayList<>(sourceTallies.keySet());
        aggregateIds.remove(NO_AGGREGATE);
        java.util.Collections.sort(aggregateIds);
        List<String> sampled = sample == null ? List.of() : sample.pick(aggregateIds);
        if (sample != null) {
            differences.addAll(sample.compare(sampled));
        }
        return new Verification(aggregateIds.size(), sourceEvents, targetEvents[0], sampled.size(), differences,
                                problems);
    }

    private static String key(String aggregateIdentifier) {
        return aggregateIdentifier == null ? NO_AGGREGATE : aggregateIdentifier;
    }

    private String difference(String aggregate, Tally from, Tally to, boolean first) {
        String name = aggregate.equals(NO_AGGREGATE) ? "events outside aggregates" : "aggregate [" + aggregate + "]";
        if (from == null) {
            return name + ": " + to.count + " events in the target, none in the source";
        }
        if (to == null) {
            return name + ": " + from.count + " events in the source, none in the target";
        }
        if (from.count != to.count) {
            return name + ": " + from.count + " events in the source, " + to.count + " in the target";
        }
        if (!first || aggregate.equals(NO_AGGREGATE)) {
            return name + ": the events' contents differ";
        }
        return name + ": " + firstDifferentEvent(aggregate);
    }

    /** Compares one aggregate event by event: the first event and part that differ. */
    private String firstDifferentEvent(String aggregate) {
        List<SourceEvent> sourceEvents = source.ofAggregate(aggregate);
        List<TargetEvents.Stored> targetEvents = target.ofAggregate(aggregate);
        for (int i = 0; i < Math.min(sourceEvents.size(), targetEvents.size()); i++) {
            SourceEvent from = sourceEvents.get(i);
            String part = EventDigest.ofSource(from).firstDifferentPart(targetEvents.get(i).digest());
            if (part != null) {
                return "event [" + from.eventIdentifier() + "] (sequence number " + from.sequenceNumber()
                        + ") differs in its " + part;
            }
        }
        return "the events' contents differ";
    }

    /** @return the aggregate's missing sequence numbers, and every sequence number more than one event holds */
    private String sequenceProblems(String aggregate) {
        TreeMap<Long, Set<String>> holders = new TreeMap<>();
        sourceDatabase.getCollection(source.collectionName(), BsonDocument.class)
                      .find(eq(fields.aggregateIdentifier(), aggregate))
                      .forEach(document -> source.events(document).stream()
                                                 .filter(e -> aggregate.equals(e.aggregateIdentifier()))
                                                 .forEach(e -> holders.computeIfAbsent(e.sequenceNumber(),
                                                                                       n -> new TreeSet<>())
                                                                      .add(e.eventIdentifier())));
        List<Long> missing = new ArrayList<>();
        for (long sequence = 0; sequence <= holders.lastKey() && missing.size() < LISTED; sequence++) {
            if (!holders.containsKey(sequence)) {
                missing.add(sequence);
            }
        }
        StringBuilder problems = new StringBuilder("missing: ").append(missing);
        holders.entrySet().stream().filter(held -> held.getValue().size() > 1).limit(LISTED)
               .forEach(held -> problems.append("; sequence number ").append(held.getKey())
                                        .append(" held by events ").append(held.getValue()));
        return problems.toString();
    }
}
