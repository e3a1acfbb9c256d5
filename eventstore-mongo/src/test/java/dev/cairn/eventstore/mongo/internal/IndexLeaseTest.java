package dev.cairn.eventstore.mongo.internal;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import dev.cairn.eventstore.mongo.CairnSerializers;
import dev.cairn.mongo.embedded.junit.CommandCounter;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Global indexes come from leased blocks: consecutive rounds share one counter command while the lease is fresh, an
 * expired block is never used again, and its unused indexes are voided with the next round.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class IndexLeaseTest {

    private static final long LEASE = 1_000;

    private final AtomicLong clock = new AtomicLong();
    private CommandCounter commands;
    private MongoClient client;
    private GlobalIndexAllocator allocator;
    private MongoCollection<BsonDocument> events;

    @BeforeEach
    void setUp(MongoTarget target, MongoDatabase database) {
        commands = new CommandCounter();
        client = commands.newClient(target.connectionString());
        MongoDatabase counted = client.getDatabase(database.getName());
        events = counted.getCollection("events", BsonDocument.class);
        Indexes.ensure(events, EventCollection.INDEXES);
        allocator = new GlobalIndexAllocator(counted.getCollection("sequences", BsonDocument.class), "events");
        allocator.initialize(0);
        commands.reset();
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    @Test
    void roundsWithinTheLeaseShareReservationsThatDoubleUpToTheMaximum() {
        // given blocks of at most four indexes and a clock that does not move
        IndexLease lease = new IndexLease(allocator, 4, LEASE, clock::get);

        // when twenty single-index rounds take their indexes
        List<Long> taken = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            IndexLease.Grant grant = lease.take(1);
            assertThat(grant.abandoned()).isNull();
            taken.add(grant.first());
        }

        // then they are consecutive, from blocks of 1, 2, 4, 4, 4, 4, 4 indexes: seven counter commands, not twenty
        assertThat(taken).isEqualTo(range(1, 20));
        assertThat(commands.count("findAndModify")).isEqualTo(7);
    }

    @Test
    void aRoundLargerThanTheBlockReservesWhatItNeeds() {
        // given
        IndexLease lease = new IndexLease(allocator, 4, LEASE, clock::get);

        // when
        long ten = lease.take(10).first();
        long next = lease.take(1).first();

        // then
        assertThat(ten).isEqualTo(1);
        assertThat(next).isEqualTo(11);
    }

    @Test
    void anExpiredBlockIsNeverUsedAndItsRestIsHandedBackForVoiding() {
        // given a block of two indexes of which one was used
        IndexLease lease = new IndexLease(allocator, 8, LEASE, clock::get);
        lease.take(1);
        long used = lease.take(1).first();

        // when the lease expires before the next round
        clock.addAndGet(LEASE);
        IndexLease.Grant grant = lease.take(1);

        // then the round gets a new block above the old one, and the unused index comes back to be voided
        assertThat(used).isEqualTo(2);
        assertThat(grant.first()).isEqualTo(4);
        assertThat(grant.abandoned()).isEqualTo(new IndexLease.Range(3, 3));
    }

    @Test
    void theCommitterVoidsAnAbandonedRangeInTheSameInsertAsTheNextRound() {
        // given a committer whose second round leaves an index unused
        GroupCommitter committer = new GroupCommitter(events, new IndexLease(allocator, 8, LEASE, clock::get));
        committer.write(commit("a", 0));
        committer.write(commit("a", 1));

        // when the lease expires and another commit is written
        clock.addAndGet(LEASE);
        commands.reset();
        committer.write(commit("a", 2));

        // then one reservation and one insert stored the commit and the void, and indexes 1..4 are all accounted for
        assertThat(commands.count("findAndModify")).isEqualTo(1);
        assertThat(commands.count("insert")).isEqualTo(1);
        List<String> stored = new ArrayList<>();
        events.find().sort(Sorts.ascending(CommitDocuments.ID)).forEach(document -> stored.add(
                document.getInt64(CommitDocuments.ID).getValue() + (document.containsKey("voided") ? " void" : "")));
        assertThat(stored).containsExactly("1", "2", "3 void", "4");
    }

    private static List<Long> range(long first, long last) {
        List<Long> values = new ArrayList<>();
        for (long value = first; value <= last; value++) {
            values.add(value);
        }
        return values;
    }

    private static PreparedCommit commit(String aggregate, long sequence) {
        return CommitDocuments.prepare(List.of(new GenericDomainEventMessage<>("Test", aggregate, sequence, "e")),
                                       CairnSerializers.defaultSerializer());
    }
}
