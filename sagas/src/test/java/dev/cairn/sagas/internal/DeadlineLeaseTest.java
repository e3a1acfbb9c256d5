package dev.cairn.sagas.internal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.processing.Lease;
import dev.cairn.processing.LeaseClock;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deadline claims are judged on the database's clock (ADR 71): nodes whose clocks are an hour apart neither steal a
 * running deadline nor leave one whose lease expired, a node paused past its lease finds its next write refused, and
 * a node of the previous format ({@link FormatV1DeadlineClaims}) works beside a current one. Each node claims as a
 * poll round of {@code MongoDeadlineManager} does.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class DeadlineLeaseTest {

    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Duration LONG = Duration.ofSeconds(30);
    private static final String ID = "d-1";

    private final MongoCollection<BsonDocument> deadlines;

    DeadlineLeaseTest(MongoDatabase database) {
        this.deadlines = database.getCollection("cairn_deadlines", BsonDocument.class);
    }

    @BeforeEach
    void oneDeadlineDueForEveryNode() {
        // due two hours ago: due for every node below, whatever its clock
        deadlines.insertOne(new BsonDocument("_id", new BsonString(ID)).append("name", new BsonString("reminder"))
                                    .append("dueAt", new BsonDateTime(Instant.now().minus(Duration.ofHours(2)).toEpochMilli()))
                                    .append("status", new BsonString("SCHEDULED")).append("version", new BsonInt64(0))
                                    .append("attempts", new BsonInt32(0)));
    }

    @ParameterizedTest(name = "holder's clock off by {0} min, taker's by {1} min")
    @CsvSource({"0, 60", "0, -60", "60, 0", "-60, 0"})
    void aNodeWhoseClockIsOffDoesNotTakeARunningDeadline(long holderSkewMinutes, long takerSkewMinutes) {
        // given node A runs the deadline under a 30 s lease
        assertThat(node("node-a", holderSkewMinutes, LONG).claimDue()).isTrue();

        // when / then node B, whose clock differs by an hour, cannot take it
        assertThat(node("node-b", takerSkewMinutes, LONG).claimDue()).isFalse();
        assertThat(owner()).isEqualTo("node-a");
    }

    @ParameterizedTest(name = "holder's clock off by {0} min, taker's by {1} min")
    @CsvSource({"0, 60", "0, -60", "60, 0", "-60, 0"})
    void aNodeWhoseClockIsOffTakesADeadlineWhoseLeaseExpiredOnTheDatabaseClock(long holderSkewMinutes,
                                                                               long takerSkewMinutes) throws Exception {
        // given node A took the deadline under a 300 ms lease and died
        assertThat(node("node-a", holderSkewMinutes, SHORT).claimDue()).isTrue();

        // when the lease ran out on the database's clock
        Thread.sleep(SHORT.multipliedBy(3).toMillis());

        // then node B, whose clock differs by an hour, takes it over
        assertThat(node("node-b", takerSkewMinutes, SHORT).claimDue()).isTrue();
        assertThat(owner()).isEqualTo("node-b");
    }

    @Test
    void aNodePausedPastItsLeaseFindsItsNextWriteRefused() throws Exception {
        // given node A runs the deadline (version 1) under a 300 ms lease
        Node paused = node("node-a", 0, SHORT);
        assertThat(paused.claimDue()).isTrue();

        // when A pauses past its lease and B takes the deadline over (version 2)
        Thread.sleep(SHORT.multipliedBy(3).toMillis());
        assertThat(node("node-b", 0, SHORT).claimDue()).isTrue();

        // then A's retry and its "fired" delete match nothing: B's run stands
        paused.store().retryAt(ID, 1, Instant.now(), "late", true);
        paused.store().fired(ID, 1);
        assertThat(owner()).isEqualTo("node-b");
        assertThat(deadlines.find().first().getInt64("version").getValue()).isEqualTo(2);
    }

    @Test
    void anOldNodeAndANewOneNeverTakeEachOthersRunningDeadlines() {
        // given a new node runs the deadline
        Node newNode = node("node-new", 0, LONG);
        assertThat(newNode.claimDue()).isTrue();

        // when / then an old node cannot take it
        assertThat(oldNode(LONG).claimDue(ID)).isFalse();

        // given the new node retries it (lease removed) and an old node runs it
        newNode.store().retryAt(ID, 1, Instant.now().minusSeconds(1), "again", true);
        assertThat(deadlines.find().first().containsKey("lease")).isFalse();
        assertThat(oldNode(LONG).claimDue(ID)).isTrue();

        // when / then a new node cannot take it
        assertThat(node("node-new-2", 0, LONG).claimDue()).isFalse();
        assertThat(owner()).isEqualTo("node-old");
    }

    @Test
    void eachTakesOverWhatTheOtherLetLapse() throws Exception {
        // given a new node's lease lapsed
        assertThat(node("node-new", 0, SHORT).claimDue()).isTrue();
        Thread.sleep(SHORT.multipliedBy(3).toMillis());

        // when / then an old node takes it over, under a 300 ms lease of its own
        assertThat(oldNode(SHORT).claimDue(ID)).isTrue();
        assertThat(owner()).isEqualTo("node-old");

        // when that lapses too, then a new node takes it over
        Thread.sleep(SHORT.multipliedBy(3).toMillis());
        assertThat(node("node-new-2", 0, SHORT).claimDue()).isTrue();
        assertThat(owner()).isEqualTo("node-new-2");
    }

    @Test
    void aStaleLeaseLeftBehindDoesNotMakeAnOldNodesRunLookExpired() throws Exception {
        // given a new node's 300 ms lease lapsed and an old node took the deadline for 30 s: the lease stays behind
        assertThat(node("node-new", 0, SHORT).claimDue()).isTrue();
        Thread.sleep(SHORT.multipliedBy(3).toMillis());
        assertThat(oldNode(LONG).claimDue(ID)).isTrue();
        assertThat(deadlines.find().first().getDocument("lease").getString("owner").getValue()).isEqualTo("node-new");

        // when / then another new node judges the old node's leaseUntil, not the stale lease: it cannot take it
        assertThat(node("node-new-2", 0, SHORT).claimDue()).isFalse();
        assertThat(owner()).isEqualTo("node-old");
    }

    private Node node(String name, long skewMinutes, Duration lease) {
        DeadlineStore store = new DeadlineStore(deadlines, Lease.of("lease", lease, LeaseClock.database()), true);
        return new Node(store, name, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(skewMinutes)), lease);
    }

    private FormatV1DeadlineClaims oldNode(Duration lease) {
        return new FormatV1DeadlineClaims(deadlines, "node-old", lease, Clock.systemUTC());
    }

    private String owner() {
        return deadlines.find().first().getString("owner").getValue();
    }

    /** A node claiming as one poll round of the deadline manager does. */
    private record Node(DeadlineStore store, String name, Clock clock, Duration lease) {

        boolean claimDue() {
            Instant now = clock.instant();
            for (BsonDocument read : store.claimable(now, 100)) {
                if (DeadlineDocuments.id(read).equals(ID)) {
                    return store.claim(read, now, name, clock.instant().plus(lease));
                }
            }
            return false;
        }
    }
}
