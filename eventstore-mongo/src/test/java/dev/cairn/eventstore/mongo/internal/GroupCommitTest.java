package dev.cairn.eventstore.mongo.internal;

import dev.cairn.eventstore.mongo.layout.StorageLayout;
import dev.cairn.eventstore.mongo.support.MongoErrors;
import dev.cairn.eventstore.mongo.support.MongoIndexes;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import dev.cairn.eventstore.mongo.CairnSerializers;
import dev.cairn.mongo.embedded.junit.CommandCounter;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commits arriving while a round is being written are combined into the next round: one counter allocation and one
 * insert for all of them, each commit still atomic and told of its own conflict.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class GroupCommitTest {

    private final CommandCounter commands = new CommandCounter();
    private final AtomicBoolean holdFirstInsert = new AtomicBoolean(true);
    private volatile int commitsToWaitFor = 7;
    private GroupCommitter committer;
    private MongoClient client;
    private MongoCollection<BsonDocument> events;

    @BeforeEach
    void setUp(MongoTarget target, MongoDatabase database) {
        CommandListener holdFirstRound = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                if (event.getCommandName().equals("insert") && holdFirstInsert.getAndSet(false)) {
                    // keep the first round in flight until more writers queue behind it
                    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                    while (committer.queuedCommits() < commitsToWaitFor && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                }
            }
        };
        client = MongoClients.create(MongoClientSettings.builder()
                                                        .applyConnectionString(new ConnectionString(
                                                                target.connectionString()))
                                                        .addCommandListener(holdFirstRound)
                                                        .addCommandListener(commands)
                                                        .build());
        MongoDatabase counted = client.getDatabase(database.getName());
        events = counted.getCollection("events", BsonDocument.class);
        MongoIndexes.ensure(events, StorageLayout.EVENT_INDEXES);
        GlobalIndexAllocator allocator = new GlobalIndexAllocator(counted.getCollection("sequences",
                                                                                        BsonDocument.class), "events");
        allocator.initialize(0);
        committer = new GroupCommitter(events, allocator, Duration.ofMillis(1));
        commands.reset();
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    @Test
    void concurrentCommitsShareOneAllocationAndOneInsertAndEachLearnsItsOwnOutcome() throws Exception {
        // given a first writer and seven more, two of which race for the same aggregate sequence
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Future<Throwable> first = pool.submit(() -> attempt(commit("first", 0)));
        while (holdFirstInsert.get()) {
            Thread.onSpinWait();
        }
        List<Future<Throwable>> others = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String aggregate = "other-" + i;
            others.add(pool.submit(() -> attempt(commit(aggregate, 0))));
        }
        others.add(pool.submit(() -> attempt(commit("contested", 0))));
        others.add(pool.submit(() -> attempt(commit("contested", 0))));

        // when
        assertThat(first.get()).isNull();
        List<Throwable> outcomes = new ArrayList<>();
        for (Future<Throwable> other : others) {
            outcomes.add(other.get());
        }
        pool.shutdown();

        // then two rounds: two allocations and two commit inserts (plus one void insert for the loser)
        assertThat(commands.count("findAndModify")).isEqualTo(2);
        assertThat(commands.count("insert")).isEqualTo(3);

        // and exactly one of the contested commits lost, with a duplicate-key rejection of its own
        assertThat(outcomes.stream().filter(o -> o == null).count()).isEqualTo(6);
        Throwable loser = outcomes.stream().filter(o -> o != null).findFirst().orElseThrow();
        assertThat(loser).isInstanceOf(RejectedCommitException.class);
        assertThat(MongoErrors.isDuplicateKey(loser)).isTrue();

        // and the store holds seven commits plus a void commit over the loser's index
        assertThat(events.countDocuments(new Document("voided", null))).isEqualTo(7);
        assertThat(events.countDocuments(new Document("voided", true))).isEqualTo(1);
        assertThat(events.countDocuments(new Document("streamKeys", "contested#0"))).isEqualTo(1);
    }

    @Test
    void anOversizedCommitFailsAloneInItsRound() throws Exception {
        // given a held first round, then a normal and a 17 MB commit queued for the same round
        commitsToWaitFor = 2;
        ExecutorService pool = Executors.newFixedThreadPool(3);
        Future<Throwable> first = pool.submit(() -> attempt(commit("first", 0)));
        while (holdFirstInsert.get()) {
            Thread.onSpinWait();
        }
        Future<Throwable> normal = pool.submit(() -> attempt(commit("normal", 0)));
        Future<Throwable> oversized = pool.submit(() -> attempt(CommitDocuments.prepare(
                List.of(new GenericDomainEventMessage<>("Test", "huge", 0, "x".repeat(17 * 1024 * 1024))),
                CairnSerializers.defaultSerializer())));

        // when
        assertThat(first.get()).isNull();
        Throwable normalOutcome = normal.get();
        Throwable oversizedOutcome = oversized.get();
        pool.shutdown();

        // then only the oversized commit failed, and its index range is voided
        assertThat(normalOutcome).isNull();
        assertThat(MongoErrors.isDocumentTooLarge(oversizedOutcome)).isTrue();
        assertThat(events.countDocuments(new Document("streamKeys", "normal#0"))).isEqualTo(1);
        assertThat(events.countDocuments(new Document("streamKeys", "huge#0"))).isZero();
        assertThat(events.countDocuments(new Document("voided", true))).isEqualTo(1);
    }

    @Test
    void manyWritersAllFinishAndEveryCommitIsStoredOnce() throws Exception {
        // given sixteen writers with two hundred commits each, and no held round
        holdFirstInsert.set(false);
        int writers = 16;
        int commitsEach = 200;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<Throwable>> outcomes = new ArrayList<>();

        // when they all write at once
        for (int w = 0; w < writers; w++) {
            String aggregate = "writer-" + w;
            outcomes.add(pool.submit(() -> {
                for (int sequence = 0; sequence < commitsEach; sequence++) {
                    Throwable failure = attempt(commit(aggregate, sequence));
                    if (failure != null) {
                        return failure;
                    }
                }
                return null;
            }));
        }

        // then every writer finishes without a failure (a lost wake-up would hang here) ...
        for (Future<Throwable> outcome : outcomes) {
            assertThat(outcome.get(60, java.util.concurrent.TimeUnit.SECONDS)).isNull();
        }
        pool.shutdown();

        // ... and the store holds each commit once, in fewer rounds than commits
        assertThat(events.countDocuments()).isEqualTo((long) writers * commitsEach);
        assertThat(commands.count("insert")).isLessThan((long) writers * commitsEach);
    }

    private Throwable attempt(PreparedCommit commit) {
        try {
            committer.write(commit);
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static PreparedCommit commit(String aggregate, long sequence) {
        return CommitDocuments.prepare(List.of(new GenericDomainEventMessage<>("Test", aggregate, sequence, "e")),
                                       CairnSerializers.defaultSerializer());
    }
}
