package dev.cairn.projections.internal.readmodel;

import com.mongodb.client.model.Updates;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The update preparation of a batch (ADR 89): the handler's update is kept as it is, its format-1 marker added only
 * where a write still goes with one, and an update document the handler reuses is never changed.
 */
class PendingMarkersTest {

    @Test
    void aReusedUpdateDocumentIsCopiedAndNeverChanged() {
        // Given an update document a handler keeps in a constant and passes for every event
        BsonDocument reused = BsonDocument.parse("{$inc: {count: 1}, $set: {status: 'open'}}");

        // When the batch prepares it, and a write that needs its marker adds one
        BsonDocument prepared = PendingMarkers.operators(reused);
        BsonDocument marked = PendingMarkers.withMarker(prepared, PendingMarkers.field("e-1", "com.example.Opened"),
                                                        new BsonInt64(41));

        // Then neither the handler's document nor the batch's copy carries the marker
        assertThat(prepared).isNotSameAs(reused).isEqualTo(reused);
        assertThat(reused).isEqualTo(BsonDocument.parse("{$inc: {count: 1}, $set: {status: 'open'}}"));
        assertThat(marked.getDocument("$set").keySet())
                .containsExactlyInAnyOrder("status", "_cairn.pending.e-1~com%2Eexample%2EOpened");
    }

    @Test
    void aBuiltUpdateIsConvertedWithoutItsMarker() {
        // Given an update built with the driver's helpers
        // When the batch prepares it
        BsonDocument prepared = PendingMarkers.operators(Updates.combine(Updates.inc("total", 5),
                                                                         Updates.set("name", "x")));

        // Then it is the handler's update alone
        assertThat(prepared).isEqualTo(BsonDocument.parse("{$inc: {total: 5}, $set: {name: 'x'}}"));
    }

    @Test
    void aReplacementDocumentIsRefusedNamingIt() {
        // Given a replacement document instead of operators
        BsonDocument replacement = BsonDocument.parse("{total: 5}");

        // When / Then the preparation refuses it, naming the document
        assertThatThrownBy(() -> PendingMarkers.operators(replacement))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("update operators").hasMessageContaining("\"total\": 5");
    }

    @Test
    void aBatchedWriteBuildsItsMarkerOnlyWhenAsked() {
        // Given a batched write of an event
        WriteBatch.Write write = new WriteBatch.Write("doc", "e-2", "com.example.Paid", new BsonInt64(7), 7L, 3,
                                                      BsonDocument.parse("{$inc: {n: 1}}"));

        // When / Then its marker is the event's format-1 marker field, and its update has none
        assertThat(write.marker()).isEqualTo(PendingMarkers.field("e-2", "com.example.Paid"));
        assertThat(write.update().containsKey("$set")).isFalse();
    }
}
