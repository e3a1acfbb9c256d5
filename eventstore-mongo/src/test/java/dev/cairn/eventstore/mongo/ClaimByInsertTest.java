package dev.cairn.eventstore.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.internal.RawCommits;
import dev.cairn.eventstore.mongo.internal.Tiling;
import dev.cairn.mongo.embedded.junit.CommandCounter;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static dev.cairn.eventstore.mongo.TestEvents.deposited;
import static dev.cairn.eventstore.mongo.TestEvents.deposits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A commit claims its global indexes by being inserted right above the head its node knows (ADR 70). A stale head
 * collides with the commit above it, is refreshed, and the commit lands above every stored one; the node then refreshes
 * before its rounds until it stops losing claims.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class ClaimByInsertTest {

    private final CommandCounter commandsOfB = new CommandCounter();
    private MongoDatabase database;
    private MongoClient clientOfB;
    private MongoEventStorageEngine nodeA;
    private MongoEventStorageEngine nodeB;

    @BeforeEach
    void setUp(MongoTarget target, MongoDatabase database) {
        this.database = database;
        clientOfB = commandsOfB.newClient(target.connectionString());
        nodeA = MongoEventStorageEngine.builder().database(database).build();
        nodeB = MongoEventStorageEngine.builder().database(clientOfB.getDatabase(database.getName())).build();
        commandsOfB.reset();
    }

    @AfterEach
    void tearDown() {
        clientOfB.close();
    }

    @Test
    void aStaleHeadLosesItsClaimOnceAndTheCommitLandsAboveEveryStoredOne() {
        // given node A stored three commits (five events) that node B has not seen
        nodeA.appendEvents(deposited("a", 0));
        nodeA.appendEvents(deposits("a", 1, 3));
        nodeA.appendEvents(deposited("a", 4));

        // when node B appends from its stale head
        nodeB.appendEvents(deposited("b", 0));

        // then its claim of index 1 was lost once, one refresh found the chain of A's commits, and B's commit is at 6
        assertThat(nodeB.lostClaims()).isEqualTo(1);
        assertThat(nodeB.mostClaimsLostByOneCommit()).isEqualTo(1);
        assertThat(nodeA.mostClaimsLostByOneCommit()).isZero();
        assertThat(commandsOfB.count("insert")).isEqualTo(2);
        assertThat(commandsOfB.count("find")).isEqualTo(1);
        assertThat(nodeB.lastAppendedPosition()).hasValue(6);
        assertTiles(6);

        // when B appends again: contention mode refreshes first, finds nothing new and leaves contention mode
        commandsOfB.reset();
        nodeB.appendEvents(deposited("b", 1));
        assertThat(commandsOfB.count("find")).isEqualTo(1);
        assertThat(commandsOfB.count("insert")).isEqualTo(1);

        // then B's next append is one insert and nothing else
        commandsOfB.reset();
        nodeB.appendEvents(deposited("b", 2));
        assertThat(commandsOfB.total()).isEqualTo(1);
        assertThat(commandsOfB.count("insert")).isEqualTo(1);
        assertThat(nodeB.lostClaims()).isEqualTo(1);
        assertTiles(8);
    }

    @Test
    void aConflictBehindAStaleHeadIsStillAConflict() {
        // given node A stored a#0 and a#1, which B has not seen
        nodeA.appendEvents(deposits("a", 0, 2));

        // when B appends a stale a#1 from its stale head
        assertThatThrownBy(() -> nodeB.appendEvents(deposited("a", 1))).isInstanceOf(ConcurrencyException.class)
                                                                        .hasMessageContaining("[a]");

        // then B lost its claim first, then met the stream key; nothing of it was stored and no index is empty
        assertThat(nodeB.lostClaims()).isEqualTo(1);
        assertTiles(2);

        // and B's next append lands right above A's commit
        nodeB.appendEvents(deposited("a", 2));
        assertThat(nodeB.lastAppendedPosition()).hasValue(3);
        assertTiles(3);
    }

    @Test
    void aCommitWhoseInsertLandedUnseenIsReportedStoredWhenItsIdenticalRetryFindsIt() {
        // given B's insert of b#0 at index 1 reached the server but its answer was lost
        List<DomainEventMessage<?>> append = List.of(deposited("b", 0));
        database.getCollection("events", BsonDocument.class)
                .insertOne(RawCommits.commitAt(1, append, nodeB.getEventSerializer()));

        // when the very same commit is appended again from B's head
        nodeB.appendEvents(append);

        // then it is reported stored where it landed, once, and is not counted as a lost claim
        assertThat(nodeB.lastAppendedPosition()).hasValue(1);
        assertThat(nodeB.lostClaims()).isZero();
        assertTiles(1);

        // and appending the same events again later is a conflict, as before
        assertThatThrownBy(() -> nodeB.appendEvents(append)).isInstanceOf(AggregateStreamCreationException.class);
        assertTiles(1);
    }

    private void assertTiles(long highest) {
        Tiling.assertTiles(database.getCollection("events"), highest);
    }
}
