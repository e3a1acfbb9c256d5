package dev.cairn.eventstore.mongo.internal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import org.bson.BsonDocument;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invariant of claiming indexes by insert (ADR 70): the stored commits cover every global index from 1 to the
 * highest, each exactly once, with no void commit.
 */
public final class Tiling {

    private Tiling() {
    }

    /**
     * Asserts that the commits in {@code events} tile the indexes {@code 1..highest}.
     */
    public static void assertTiles(MongoCollection<?> events, long highest) {
        long next = 1;
        for (BsonDocument commit : events.withDocumentClass(BsonDocument.class).find().sort(Sorts.ascending("_id"))) {
            assertThat(commit.getNumber("_id").longValue()).as("first index of %s", commit.get("streamKeys"))
                                                           .isEqualTo(next);
            assertThat(commit.containsKey("voided")).as("voided commit at %d", next).isFalse();
            next = commit.getNumber("lastGlobalIndex").longValue() + 1;
        }
        assertThat(next - 1).as("highest index stored").isEqualTo(highest);
    }
}
