package dev.cairn.processing.tokenstore;

import com.mongodb.client.MongoDatabase;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.processing.MongoTokenStore;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Token claims are judged on the database's clock (ADR 71): nodes whose clocks are an hour apart neither steal a live
 * claim nor keep an expired one, and a node paused longer than its claim finds its next write refused.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class TokenClaimsOnTheDatabaseClockTest {

    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Duration LONG = Duration.ofSeconds(30);

    private final MongoDatabase database;

    TokenClaimsOnTheDatabaseClockTest(MongoDatabase database) {
        this.database = database;
    }

    @ParameterizedTest(name = "holder's clock off by {0} min, taker's by {1} min")
    @CsvSource({"0, 60", "0, -60", "60, 0", "-60, 0"})
    void aNodeWhoseClockIsOffDoesNotTakeALiveClaim(long holderSkewMinutes, long takerSkewMinutes) {
        // given node A holds segment 0 under a 30 s claim
        MongoTokenStore holder = store("node-a", holderSkewMinutes, LONG);
        holder.initializeTokenSegments("balances", 1);
        holder.fetchToken("balances", 0);
        MongoTokenStore taker = store("node-b", takerSkewMinutes, LONG);

        // when / then node B, whose clock differs by an hour, neither gets nor sees it
        assertThatThrownBy(() -> taker.fetchToken("balances", 0))
                .isInstanceOf(UnableToClaimTokenException.class).hasMessageContaining("node [node-a]");
        assertThatThrownBy(() -> taker.storeToken(new GlobalSequenceTrackingToken(1), "balances", 0))
                .isInstanceOf(UnableToClaimTokenException.class);
        assertThat(taker.fetchAvailableSegments("balances")).isEmpty();
    }

    @ParameterizedTest(name = "holder's clock off by {0} min, taker's by {1} min")
    @CsvSource({"0, 60", "0, -60", "60, 0", "-60, 0"})
    void aNodeWhoseClockIsOffTakesAClaimThatExpiredOnTheDatabaseClock(long holderSkewMinutes,
                                                                       long takerSkewMinutes) throws Exception {
        // given node A took segment 0 under a 300 ms claim and stopped extending it
        MongoTokenStore holder = store("node-a", holderSkewMinutes, SHORT);
        holder.initializeTokenSegments("balances", 1);
        holder.fetchToken("balances", 0);
        MongoTokenStore taker = store("node-b", takerSkewMinutes, SHORT);

        // when the claim ran out on the database's clock
        Thread.sleep(SHORT.multipliedBy(3).toMillis());

        // then node B, whose clock differs by an hour, sees it free and takes it
        assertThat(taker.fetchAvailableSegments("balances")).containsExactly(Segment.ROOT_SEGMENT);
        assertThat(taker.fetchToken("balances", 0)).isNull();
        assertThat(taker.segments("balances").get(0).owner()).isEqualTo("node-b");
    }

    @Test
    void aNodePausedLongerThanItsClaimFindsItsNextWriteRefused() throws Exception {
        // given node A holds segment 0 under a 300 ms claim
        MongoTokenStore paused = store("node-a", 0, SHORT);
        paused.initializeTokenSegments("balances", 1);
        paused.fetchToken("balances", 0);
        MongoTokenStore other = store("node-b", 0, SHORT);

        // when A pauses past its claim and B takes the segment over
        Thread.sleep(SHORT.multipliedBy(3).toMillis());
        other.fetchToken("balances", 0);

        // then A's next extension and its next token are refused, naming B, and B's claim stands
        assertThatThrownBy(() -> paused.extendClaim("balances", 0))
                .isInstanceOf(UnableToClaimTokenException.class).hasMessageContaining("node [node-b]");
        assertThatThrownBy(() -> paused.storeToken(new GlobalSequenceTrackingToken(7), "balances", 0))
                .isInstanceOf(UnableToClaimTokenException.class).hasMessageContaining("node [node-b]");
        assertThat(other.segments("balances").get(0).owner()).isEqualTo("node-b");
        assertThat(other.segments("balances").get(0).token()).isNull();
    }

    private MongoTokenStore store(String nodeId, long skewMinutes, Duration claimTimeout) {
        return MongoTokenStore.builder().database(database).nodeId(nodeId).claimTimeout(claimTimeout)
                              .clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(skewMinutes))).build();
    }
}
