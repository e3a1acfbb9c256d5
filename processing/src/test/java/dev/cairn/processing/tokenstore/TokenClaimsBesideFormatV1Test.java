package dev.cairn.processing.tokenstore;

import com.mongodb.client.MongoDatabase;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.processing.MongoTokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A rolling deploy (ADR 71): a node of the previous format ({@link FormatV1TokenClaims}) and a node of this one claim
 * segments of the same collection. Neither steals a live claim of the other; each takes over what the other let lapse.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class TokenClaimsBesideFormatV1Test {

    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Duration LONG = Duration.ofSeconds(30);

    private final MongoDatabase database;

    TokenClaimsBesideFormatV1Test(MongoDatabase database) {
        this.database = database;
    }

    @Test
    void anOldNodeDoesNotTakeALiveClaimOfANewOne() {
        // given a new node holds segment 0
        MongoTokenStore newNode = newNode("node-new", LONG);
        newNode.initializeTokenSegments("balances", 1);
        newNode.fetchToken("balances", 0);

        // when / then an old node cannot take it
        assertThat(oldNode("node-old", LONG).claim("balances", 0)).isFalse();
        assertThat(newNode.segments("balances").get(0).owner()).isEqualTo("node-new");
    }

    @Test
    void aNewNodeDoesNotTakeALiveClaimOfAnOldOne() {
        // given an old node holds segment 0
        MongoTokenStore newNode = newNode("node-new", LONG);
        newNode.initializeTokenSegments("balances", 1);
        assertThat(oldNode("node-old", LONG).claim("balances", 0)).isTrue();

        // when / then the new node cannot take it
        assertThatThrownBy(() -> newNode.fetchToken("balances", 0))
                .isInstanceOf(UnableToClaimTokenException.class).hasMessageContaining("node [node-old]");
        assertThat(newNode.fetchAvailableSegments("balances")).isEmpty();
    }

    @Test
    void anOldNodeTakesOverAClaimANewNodeLetLapse() throws Exception {
        // given a new node took segment 0 under a 300 ms claim and stopped
        MongoTokenStore newNode = newNode("node-new", SHORT);
        newNode.initializeTokenSegments("balances", 1);
        newNode.fetchToken("balances", 0);
        FormatV1TokenClaims oldNode = oldNode("node-old", SHORT);
        assertThat(oldNode.claim("balances", 0)).isFalse();

        // when the claim lapsed
        Thread.sleep(SHORT.multipliedBy(3).toMillis());

        // then the old node takes it, and the new node's next extension is refused
        assertThat(oldNode.claim("balances", 0)).isTrue();
        assertThatThrownBy(() -> newNode.extendClaim("balances", 0))
                .isInstanceOf(UnableToClaimTokenException.class).hasMessageContaining("node [node-old]");
    }

    @Test
    void aNewNodeTakesOverAClaimAnOldNodeLetLapse() throws Exception {
        // given an old node took segment 0 and stopped extending it
        MongoTokenStore newNode = newNode("node-new", SHORT);
        newNode.initializeTokenSegments("balances", 1);
        FormatV1TokenClaims oldNode = oldNode("node-old", SHORT);
        assertThat(oldNode.claim("balances", 0)).isTrue();

        // when the claim lapsed (its claimedAt plus the claim timeout, on the database's clock)
        Thread.sleep(SHORT.multipliedBy(3).toMillis());

        // then the new node takes it with a lease, and the old node's next extension is refused
        newNode.fetchToken("balances", 0);
        assertThat(newNode.segments("balances").get(0).owner()).isEqualTo("node-new");
        assertThat(oldNode.extend("balances", 0)).isFalse();
        assertThat(lease(0).getString("owner").getValue()).isEqualTo("node-new");
    }

    @Test
    void aLeaseLeftBehindByANewNodeDoesNotMakeAnOldNodesLiveClaimLookExpired() throws Exception {
        // given a new node's 300 ms lease lapsed and an old node took the segment: the stale lease stays behind
        MongoTokenStore lapsed = newNode("node-new-1", SHORT);
        lapsed.initializeTokenSegments("balances", 1);
        lapsed.fetchToken("balances", 0);
        Thread.sleep(SHORT.multipliedBy(4).toMillis());
        assertThat(oldNode("node-old", SHORT).claim("balances", 0)).isTrue();
        assertThat(lease(0).getString("owner").getValue()).isEqualTo("node-new-1");

        // when another new node tries with a 600 ms claim timeout: the stale lease was taken longer ago than that
        MongoTokenStore other = newNode("node-new-2", SHORT.multipliedBy(2));

        // then the old node's claim is judged by its claimedAt, not by the stale lease: it is live
        assertThatThrownBy(() -> other.fetchToken("balances", 0))
                .isInstanceOf(UnableToClaimTokenException.class).hasMessageContaining("node [node-old]");
    }

    @Test
    void releasedByEitherTheSegmentIsFreeForTheOther() {
        // given an old node took and released segment 0, then a new node took and released it
        MongoTokenStore newNode = newNode("node-new", LONG);
        newNode.initializeTokenSegments("balances", 1);
        FormatV1TokenClaims oldNode = oldNode("node-old", LONG);
        assertThat(oldNode.claim("balances", 0)).isTrue();
        oldNode.release("balances", 0);
        newNode.fetchToken("balances", 0);
        newNode.releaseClaim("balances", 0);

        // when / then the old node takes it at once, and the new node's lease is gone
        assertThat(database.getCollection("cairn_tokens", BsonDocument.class).find().first().containsKey("lease"))
                .isFalse();
        assertThat(oldNode.claim("balances", 0)).isTrue();
    }

    private MongoTokenStore newNode(String nodeId, Duration claimTimeout) {
        return MongoTokenStore.builder().database(database).nodeId(nodeId).claimTimeout(claimTimeout).build();
    }

    private FormatV1TokenClaims oldNode(String nodeId, Duration claimTimeout) {
        return new FormatV1TokenClaims(database.getCollection("cairn_tokens", BsonDocument.class), nodeId,
                                       claimTimeout, Clock.systemUTC());
    }

    private BsonDocument lease(int segment) {
        return database.getCollection("cairn_tokens", BsonDocument.class)
                       .find(new BsonDocument("segment", new org.bson.BsonInt32(segment))).first()
                       .getDocument("lease");
    }
}
