package dev.cairn.processing.tokenstore;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.processing.LeaseClock;
import dev.cairn.processing.MongoTokenStore;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.MergedTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What an operator sees in mongosh: tokens as documents, and refused claims that say who holds them until when.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class MongoTokenDocumentsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void tokensAreStoredAsReadableDocuments(MongoDatabase database) {
        // given
        MongoTokenStore store = MongoTokenStore.builder().database(database).nodeId("node-a").clock(CLOCK)
                                              .leaseClock(LeaseClock.of(CLOCK)).build();
        store.initializeTokenSegments("balances", 4);
        TrackingToken gapAware = GapAwareTrackingToken.newInstance(41, List.of(38L, 40L));

        // when
        store.storeToken(gapAware, "balances", 0);
        store.storeToken(ReplayToken.createReplayToken(gapAware, GapAwareTrackingToken.newInstance(7, List.of())),
                         "balances", 1);
        store.storeToken(new MergedTrackingToken(gapAware, new GlobalSequenceTrackingToken(9)), "balances", 2);

        // then
        Document plain = token(database, 0);
        assertThat(plain).isEqualTo(new Document("type", "gapAware").append("index", 41L)
                                                                     .append("gaps", List.of(38L, 40L)));
        Document replay = token(database, 1);
        assertThat(replay.getString("type")).isEqualTo("replay");
        assertThat(replay.get("tokenAtReset", Document.class).getLong("index")).isEqualTo(41L);
        assertThat(replay.get("currentToken", Document.class).getLong("index")).isEqualTo(7L);
        Document merged = token(database, 2);
        assertThat(merged.get("upper", Document.class))
                .isEqualTo(new Document("type", "globalSequence").append("index", 9L));
        Document segment = database.getCollection("cairn_tokens")
                                   .find(Filters.eq("segment", 0)).first();
        assertThat(segment.getString("owner")).isEqualTo("node-a");
        assertThat(segment.getDate("claimedAt").toInstant()).isEqualTo(CLOCK.instant());
        assertThat(segment.get("lease", Document.class))
                .isEqualTo(new Document("format", 2).append("owner", "node-a").append("ms", 10_000L)
                                                    .append("at", java.util.Date.from(CLOCK.instant())));
        assertThat(store.fetchToken("balances", 1)).isEqualTo(
                ReplayToken.createReplayToken(gapAware, GapAwareTrackingToken.newInstance(7, List.of())));
    }

    @Test
    void aRefusedClaimNamesTheNodeHoldingItAndWhenItExpires(MongoDatabase database) {
        // given node A holds segment 0
        MongoTokenStore nodeA = MongoTokenStore.builder().database(database).nodeId("node-a").clock(CLOCK)
                                               .leaseClock(LeaseClock.of(CLOCK)).claimTimeout(Duration.ofSeconds(10)).build();
        MongoTokenStore nodeB = MongoTokenStore.builder().database(database).nodeId("node-b").clock(CLOCK)
                                               .leaseClock(LeaseClock.of(CLOCK)).build();
        nodeA.initializeTokenSegments("balances", 1);
        nodeA.fetchToken("balances", 0);

        // when / then
        assertThatThrownBy(() -> nodeB.fetchToken("balances", 0))
                .isInstanceOf(UnableToClaimTokenException.class)
                .hasMessageContaining("claimed by node [node-a] until 2030-01-01T10:00:10Z");
    }

    @Test
    void segmentOwnersShowWhoHoldsEachClaimAndWhatWasReleased(MongoDatabase database) {
        // Given three segments: node A holds segment 0, node B took segment 1 and released it, segment 2 never taken
        MongoTokenStore nodeA = MongoTokenStore.builder().database(database).nodeId("node-a").build();
        MongoTokenStore nodeB = MongoTokenStore.builder().database(database).nodeId("node-b").build();
        nodeA.initializeTokenSegments("owners", 3);
        nodeA.fetchToken("owners", 0);
        nodeB.fetchToken("owners", 1);
        nodeB.releaseClaim("owners", 1);

        // When reading the owners from either node
        Map<Integer, String> owners = nodeB.segmentOwners("owners");

        // Then node A holds segment 0 and the other two are released
        Map<Integer, String> expected = new HashMap<>();
        expected.put(0, "node-a");
        expected.put(1, null);
        expected.put(2, null);
        assertThat(owners).isEqualTo(expected);
    }

    private static Document token(MongoDatabase database, int segment) {
        return database.getCollection("cairn_tokens").find(Filters.eq("segment", segment)).first()
                       .get("token", Document.class);
    }
}
