package dev.cairn.projections.internal.deadletter;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.processing.LeaseClock;
import dev.cairn.projections.MongoSequencedDeadLetterQueue;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.bson.BsonDocument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dead-letter sequence claims are judged on the database's clock (ADR 71): nodes whose clocks are an hour apart
 * neither steal a live claim nor keep an expired one, a paused node's next claim is refused once another took over,
 * and a node of the previous format ({@link FormatV1SequenceClaims}) works beside a current one.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class SequenceClaimsLeaseTest {

    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Duration LONG = Duration.ofSeconds(30);

    private final MongoDatabase database;
    private final MongoCollection<BsonDocument> letters;
    private String letterId;

    SequenceClaimsLeaseTest(MongoDatabase database) {
        this.database = database;
        this.letters = database.getCollection("cairn_dead_letters", BsonDocument.class);
    }

    @BeforeEach
    void oneDeadLetter() {
        MongoSequencedDeadLetterQueue.<EventMessage<?>>builder().processingGroup("orders").database(database).build()
                                     .enqueue("o-1", new GenericDeadLetter<>("o-1", GenericEventMessage.asEventMessage("x")));
        letterId = letters.find(Filters.eq("sequenceIdentifier", "o-1")).first().getString("_id").getValue();
    }

    @ParameterizedTest(name = "holder's clock off by {0} min, taker's by {1} min")
    @CsvSource({"0, 60", "0, -60", "60, 0", "-60, 0"})
    void aNodeWhoseClockIsOffDoesNotTakeALiveClaim(long holderSkewMinutes, long takerSkewMinutes) {
        // given node A holds the sequence under a 30 s claim
        assertThat(node(holderSkewMinutes, LONG).claim(letterId)).isTrue();

        // when / then node B, whose clock differs by an hour, is not offered it and cannot take it
        SequenceClaims taker = node(takerSkewMinutes, LONG);
        assertThat(taker.firstAccepted(Optional::of)).isEmpty();
        assertThat(taker.claim(letterId)).isFalse();
    }

    @ParameterizedTest(name = "holder's clock off by {0} min, taker's by {1} min")
    @CsvSource({"0, 60", "0, -60", "60, 0", "-60, 0"})
    void aNodeWhoseClockIsOffTakesAClaimThatExpiredOnTheDatabaseClock(long holderSkewMinutes, long takerSkewMinutes)
            throws Exception {
        // given node A took the sequence under a 300 ms claim and stopped
        SequenceClaims holder = node(holderSkewMinutes, SHORT);
        assertThat(holder.claim(letterId)).isTrue();

        // when the claim ran out on the database's clock
        Thread.sleep(SHORT.multipliedBy(3).toMillis());

        // then node B, whose clock differs by an hour, is offered it and takes it
        SequenceClaims taker = node(takerSkewMinutes, SHORT);
        assertThat(taker.firstAccepted(Optional::of)).contains(letterId);
        assertThat(taker.claim(letterId)).isTrue();
        assertThat(claimOwner()).isEqualTo(taker.owner());
    }

    @Test
    void aNodePausedLongerThanItsClaimFindsItsNextClaimRefused() throws Exception {
        // given node A holds the sequence under a 300 ms claim
        SequenceClaims paused = node(0, SHORT);
        assertThat(paused.claim(letterId)).isTrue();

        // when A pauses past its claim and B takes the sequence over
        Thread.sleep(SHORT.multipliedBy(3).toMillis());
        SequenceClaims other = node(0, SHORT);
        assertThat(other.claim(letterId)).isTrue();

        // then A can neither renew nor release B's claim
        assertThat(paused.claim(letterId)).isFalse();
        paused.release(letterId);
        assertThat(claimOwner()).isEqualTo(other.owner());
    }

    @Test
    void anOldNodeAndANewOneNeverTakeEachOthersLiveClaims() {
        // given a new node holds the sequence
        SequenceClaims newNode = node(0, LONG);
        FormatV1SequenceClaims oldNode = oldNode(LONG);
        assertThat(newNode.claim(letterId)).isTrue();

        // when / then the old node cannot take it; released, the old node takes it and the new one cannot
        assertThat(oldNode.claim(letterId)).isFalse();
        newNode.release(letterId);
        assertThat(letters.find().first().containsKey("lease")).isFalse();
        assertThat(oldNode.claim(letterId)).isTrue();
        assertThat(node(0, LONG).claim(letterId)).isFalse();
    }

    @Test
    void anOldNodeTakesOverAClaimANewNodeLetLapse() throws Exception {
        // given a new node took the sequence under a 300 ms claim and stopped
        assertThat(node(0, SHORT).claim(letterId)).isTrue();

        // when the claim lapsed
        Thread.sleep(SHORT.multipliedBy(3).toMillis());

        // then an old node takes it
        assertThat(oldNode(SHORT).claim(letterId)).isTrue();
        assertThat(claimOwner()).isEqualTo("node-old");
    }

    @Test
    void aNewNodeTakesOverAClaimAnOldNodeLetLapseButNotOneItHoldsDespiteAStaleLease() throws Exception {
        // given a new node's lease lapsed, an old node took the sequence (the stale lease stays), and lapsed too
        assertThat(node(0, SHORT).claim(letterId)).isTrue();
        Thread.sleep(SHORT.multipliedBy(4).toMillis());
        FormatV1SequenceClaims oldNode = oldNode(SHORT);
        assertThat(oldNode.claim(letterId)).isTrue();

        // when another new node tries at once, with a claim duration the stale lease is older than
        // then the old node's claim is judged by its claim.at: live
        assertThat(node(0, SHORT.multipliedBy(2)).claim(letterId)).isFalse();

        // when the old node's claim lapsed too, then a new node takes it
        Thread.sleep(SHORT.multipliedBy(3).toMillis());
        SequenceClaims taker = node(0, SHORT);
        assertThat(taker.claim(letterId)).isTrue();
        assertThat(claimOwner()).isEqualTo(taker.owner());
    }

    private SequenceClaims node(long skewMinutes, Duration claimDuration) {
        return new SequenceClaims(letters, "orders", Clock.offset(Clock.systemUTC(), Duration.ofMinutes(skewMinutes)),
                                  claimDuration, LeaseClock.database());
    }

    private FormatV1SequenceClaims oldNode(Duration claimDuration) {
        return new FormatV1SequenceClaims(letters, "node-old", claimDuration, Clock.systemUTC());
    }

    private String claimOwner() {
        return letters.find().first().getDocument("claim").getString("owner").getValue();
    }
}
