package dev.cairn.eventstore.mongo.internal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.CairnSerializers;
import dev.cairn.eventstore.mongo.layout.StorageLayout;
import dev.cairn.eventstore.mongo.support.MongoIndexes;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.bson.BsonDocument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The head a node lays its rounds out from: it follows the chain of stored commits however far other nodes wrote, and
 * a head older than its maximum age is refreshed before use.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class ClaimHeadTest {

    private static final long MAX_AGE = Duration.ofSeconds(30).toNanos();

    private final AtomicLong clock = new AtomicLong();
    private MongoCollection<BsonDocument> events;

    @BeforeEach
    void setUp(MongoDatabase database) {
        events = database.getCollection("events", BsonDocument.class);
        MongoIndexes.ensure(events, StorageLayout.EVENT_INDEXES);
    }

    @Test
    void aRefreshFollowsTheChainFarBeyondItsFirstWindow() {
        // given 300 commits of one to three events stored by another node, 600 indexes in all
        ClaimHead head = new ClaimHead(events, 0, MAX_AGE, clock::get);
        long stored = storeCommits(0, 300);

        // when
        ClaimHead.Refresh refresh = head.refresh();

        // then the head is the last stored index, and the commit above the old head is named by its events
        assertThat(refresh.rose()).isTrue();
        assertThat(refresh.queries()).isEqualTo(2);
        assertThat(head.head()).isEqualTo(stored);
        assertThat(refresh.eventsAboveBefore()).containsExactly("event-0-0-0");
        assertThat(head.refresh().rose()).isFalse();
    }

    @Test
    void aNodeThatKeepsRefreshingWhileOthersWriteSteadilyCatchesUpInOneQuery() {
        // given a slow node: between two of its refreshes, other nodes store some 400 indexes each time
        ClaimHead head = new ClaimHead(events, 0, MAX_AGE, clock::get);
        long stored = storeCommits(0, 200);
        ClaimHead.Refresh first = head.refresh();
        stored = storeCommits(stored, 200);

        // when it refreshes again
        ClaimHead.Refresh second = head.refresh();

        // then the first refresh took two round trips (its first window, then the highest stored commit), not one per
        // doubling of the window, and the second one starts as wide as the last rise
        assertThat(first.queries()).isEqualTo(2);
        assertThat(second.rose()).isTrue();
        assertThat(second.queries()).isEqualTo(1);
        assertThat(head.head()).isEqualTo(stored);
    }

    @Test
    void aHeadOlderThanItsMaximumAgeIsRefreshedBeforeTheNextRound() {
        // given a head learned at time 0, and commits another node stored since
        ClaimHead head = new ClaimHead(events, 0, MAX_AGE, clock::get);
        long stored = storeCommits(0, 5);

        // when the next round is laid out while the head is young, it claims right above the known head
        clock.set(MAX_AGE);
        assertThat(head.firstOfNextRound(1)).isEqualTo(1);

        // and once the head is older than its maximum age, it is refreshed first
        clock.set(MAX_AGE + 1);
        assertThat(head.firstOfNextRound(1)).isEqualTo(stored + 1);
    }

    @Test
    void afterALostClaimRoundsRefreshFirstUntilARefreshFindsNothingNew() {
        // given a node that lost a claim and refreshed
        ClaimHead head = new ClaimHead(events, 0, MAX_AGE, clock::get);
        storeCommits(0, 2);
        head.refresh();
        head.lost();
        long afterLoss = head.head();

        // when the retried round is laid out, it uses that fresh head without another query
        assertThat(head.firstOfNextRound(1)).isEqualTo(afterLoss + 1);

        // and the round after it refreshes first and finds another node's newer commits
        long newer = storeCommits(afterLoss, 3);
        assertThat(head.firstOfNextRound(1)).isEqualTo(newer + 1);

        // and once a refresh found nothing new, rounds no longer refresh
        head.stored(newer);
        assertThat(head.firstOfNextRound(1)).isEqualTo(newer + 1);
        long unseen = storeCommits(newer, 1);
        assertThat(head.firstOfNextRound(1)).isEqualTo(newer + 1).isLessThan(unseen + 1);
        assertThat(head.lostClaims()).isEqualTo(1);
    }

    /**
     * Stores {@code commits} commits tiling the indexes after {@code after}, of one to three events each.
     *
     * @return the last index stored
     */
    private long storeCommits(long after, int commits) {
        long next = after + 1;
        List<BsonDocument> documents = new ArrayList<>();
        for (int c = 0; c < commits; c++) {
            int size = 1 + c % 3;
            List<GenericDomainEventMessage<String>> appended = new ArrayList<>();
            for (int e = 0; e < size; e++) {
                appended.add(new GenericDomainEventMessage<>("Test", "agg-" + after + "-" + c, e, "x", java.util.Map.of(),
                                                             "event-" + after + "-" + c + "-" + e, java.time.Instant.now()));
            }
            documents.add(RawCommits.commitAt(next, appended, CairnSerializers.defaultSerializer()));
            next += size;
        }
        events.insertMany(documents);
        return next - 1;
    }
}
