package dev.cairn.migration.internal;

import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.processing.MongoTokenStore;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.MergedTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.bson.BsonDocument;
import org.bson.BsonValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Converts every processor's segments in the extension's token collection into Cairn tokens (ADR 82). A
 * {@code MongoTrackingToken} (timestamp {@code T}, known identifiers) handled exactly the events the extension would
 * not deliver again: those older than {@code T - lookBack} and those it knows. Its Cairn token is a
 * {@link GapAwareTrackingToken} whose index is the highest global index of a handled event and whose gaps are the
 * unhandled events below it: the look-back window's unhandled events. Replay and merged tokens are converted part by
 * part. One pass over the target serves every token.
 */
public final class TokenConverter {

    private static final String CONFIG_TOKEN = "__config";

    private final MongoDatabase source;
    private final String collectionName;
    private final MongoDatabase target;
    private final CairnCollections collections;
    private final TargetEvents events;
    private final Duration lookBack;
    private final int batchSize;

    public TokenConverter(MongoDatabase source, String collectionName, MongoDatabase target,
                          CairnCollections collections, TargetEvents events, Duration lookBack, int batchSize) {
        this.source = source;
        this.collectionName = collectionName;
        this.target = target;
        this.collections = collections;
        this.events = events;
        this.lookBack = lookBack;
        this.batchSize = batchSize;
    }

    private record Segment(String processor, int segment, SourceToken token) {
    }

    /** What a {@code MongoTrackingToken} handled, found in one pass over the target. */
    private static final class Handled {
        final long cutOff;
        final java.util.Set<String> known;
        long index;
        final List<Long> unhandled = new ArrayList<>();

        Handled(SourceToken.Mongo token, Duration lookBack) {
            this.cutOff = token.timestampMillis() - lookBack.toMillis();
            this.known = token.knownEventIds();
        }

        void see(TargetEvents.Stored event) {
            if (event.timestamp().toEpochMilli() < cutOff || known.contains(event.eventIdentifier())) {
                index = event.globalIndex();
            } else {
                unhandled.add(event.globalIndex());
            }
        }

        TrackingToken token() {
            if (index == 0) {
                return null; // nothing handled: from the start
            }
            TreeSet<Long> gaps = new TreeSet<>();
            unhandled.stream().filter(i -> i < index).forEach(gaps::add);
            return GapAwareTrackingToken.newInstance(index, gaps);
        }
    }

    /**
     * @param write {@code false} for a dry run: read and check the tokens only
     * @return the segments converted
     * @throws IllegalArgumentException naming the processor and segment whose token cannot be read
     */
    public long convert(boolean write) {
        List<Segment> segments = read();
        if (segments.isEmpty() || !write) {
            return segments.size();
        }
        Map<SourceToken.Mongo, Handled> handled = new IdentityHashMap<>();
        segments.forEach(s -> collect(s.token(), handled));
        if (!handled.isEmpty()) {
            events.forEach(batchSize, event -> handled.values().forEach(h -> h.see(event)));
        }
        MongoTokenStore store = MongoTokenStore.builder().database(target)
                                               .collectionName(collections.name(CairnCollections.Role.TOKENS))
                                               .build();
        Map<String, List<Segment>> byProcessor = new LinkedHashMap<>();
        segments.forEach(s -> byProcessor.computeIfAbsent(s.processor(), p -> new ArrayList<>()).add(s));
        byProcessor.forEach((processor, its) -> {
            store.deleteProcessor(processor); // a later run sets the positions as the source has them now
            its.forEach(s -> store.initializeSegment(convert(s.token(), handled), processor, s.segment()));
        });
        return segments.size();
    }

    private List<Segment> read() {
        List<Segment> segments = new ArrayList<>();
        boolean exists = false;
        for (String name : source.listCollectionNames()) {
            exists |= name.equals(collectionName);
        }
        if (!exists) {
            return segments;
        }
        for (BsonDocument document : source.getCollection(collectionName, BsonDocument.class).find()) {
            String processor = document.getString("processorName").getValue();
            if (processor.equals(CONFIG_TOKEN)) {
                continue;
            }
            int segment = document.getNumber("segment").intValue();
            BsonValue token = document.get("token");
            try {
                segments.add(new Segment(processor, segment, token == null || token.isNull() ? null
                        : SourceTokenParser.parse(text(token))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("The token of processor [" + processor + "] segment [" + segment
                                                           + "] in [" + collectionName + "] (" + document.get(
                        "tokenType") + ") " + e.getMessage(), e);
            }
        }
        return segments;
    }

    private static String text(BsonValue token) {
        if (token.isBinary()) {
            return new String(token.asBinary().getData(), StandardCharsets.UTF_8);
        }
        if (token.isString()) {
            return token.asString().getValue();
        }
        if (token.isDocument()) {
            return token.asDocument().toJson();
        }
        throw new IllegalArgumentException("is stored as " + token.getBsonType());
    }

    private void collect(SourceToken token, Map<SourceToken.Mongo, Handled> handled) {
        // one Handled per token object, so equal tokens of different segments are still walked once each
        if (token instanceof SourceToken.Mongo mongo) {
            handled.computeIfAbsent(mongo, m -> new Handled(m, lookBack));
        } else if (token instanceof SourceToken.Replay replay) {
            collect(replay.tokenAtReset(), handled);
            collect(replay.currentToken(), handled);
        } else if (token instanceof SourceToken.Merged merged) {
            collect(merged.lowerSegmentToken(), handled);
            collect(merged.upperSegmentToken(), handled);
        }
    }

    private TrackingToken convert(SourceToken token, Map<SourceToken.Mongo, Handled> handled) {
        if (token == null) {
            return null;
        }
        if (token instanceof SourceToken.Mongo mongo) {
            return handled.get(mongo).token();
        }
        if (token instanceof SourceToken.Replay replay) {
            TrackingToken reset = convert(replay.tokenAtReset(), handled);
            TrackingToken current = convert(replay.currentToken(), handled);
            return reset == null ? current : ReplayToken.createReplayToken(reset, current);
        }
        SourceToken.Merged merged = (SourceToken.Merged) token;
        return new MergedTrackingToken(convert(merged.lowerSegmentToken(), handled),
                                       convert(merged.upperSegmentToken(), handled));
    }
}
