package dev.cairn.eventstore.mongo.internal;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import dev.cairn.eventstore.mongo.AllowedTypes;
import dev.cairn.eventstore.mongo.CairnSerializers;
import dev.cairn.eventstore.mongo.CommitKey;
import dev.cairn.eventstore.mongo.layout.StorageLayout;
import dev.cairn.eventstore.mongo.support.MongoErrors;
import dev.cairn.eventstore.mongo.support.MongoIndexes;
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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commits arriving while a round is being written are combined into the next round: one ordered insert for all of
 * them, each commit still atomic and told of its own outcome, and the stored commits tiling the global indexes.
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
        committer = new GroupCommitter(events, new ClaimHead(events, 0, Long.MAX_VALUE, System::nanoTime),
                                       new EventQueries(events, new TypeGuard(AllowedTypes.cairnDefaults())),
                                       new CommitKeyLookup(events), Duration.ofMillis(1), Duration.ofSeconds(5));
        commands.reset();
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    @Test
    void concurrentCommitsShareOneInsertAndEachLearnsItsOwnOutcome() throws Exception {
        // given a first round held in flight, and seven commits queued behind it in this order, the fourth of them
        // racing the third for the same aggregate sequence
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Future<Throwable> first = pool.submit(() -> attempt(commit("first", 0)));
        while (holdFirstInsert.get()) {
            Thread.onSpinWait();
        }
        List<Future<Throwable>> queued = new ArrayList<>();
        for (String aggregate : List.of("other-0", "other-1", "contested", "contested", "other-2", "other-3",
                                        "other-4")) {
            queued.add(queueInOrder(pool, () -> attempt(commit(aggregate, 0))));
        }

        // when
        assertThat(first.get()).isNull();
        List<Throwable> outcomes = new ArrayList<>();
        for (Future<Throwable> other : queued) {
            outcomes.add(other.get());
        }
        pool.shutdown();

        // then only the second contested commit lost, with a duplicate-key rejection of its own
        assertThat(outcomes).hasSize(7);
        assertThat(outcomes.get(3)).isInstanceOf(RejectedCommitException.class);
        assertThat(MongoErrors.isDuplicateKey(outcomes.get(3))).isTrue();
        outcomes.remove(3);
        assertThat(outcomes).containsOnlyNulls();

        // and three inserts did it: the first round, the second up to the conflict, and the members after it laid out
        // again; one query told the conflict from a lost claim (the head had not moved) and one found the conflict
        assertThat(commands.count("insert")).isEqualTo(3);
        assertThat(commands.count("find")).isEqualTo(2);
        assertThat(commands.count("findAndModify")).isZero();

        // and the seven stored commits tile indexes 1..7: no void, no gap
        assertTiles(7);
        assertThat(events.countDocuments(new Document("streamKeys", "contested#0"))).isEqualTo(1);
    }

    @Test
    void anOversizedCommitFailsAloneInItsRound() throws Exception {
        // given a held first round, then a 17 MB commit and a normal one queued for the same round
        commitsToWaitFor = 2;
        ExecutorService pool = Executors.newFixedThreadPool(3);
        Future<Throwable> first = pool.submit(() -> attempt(commit("first", 0)));
        while (holdFirstInsert.get()) {
            Thread.onSpinWait();
        }
        Future<Throwable> oversized = queueInOrder(pool, () -> attempt(CommitDocuments.prepare(
                List.of(new GenericDomainEventMessage<>("Test", "huge", 0, "x".repeat(17 * 1024 * 1024))),
                CairnSerializers.defaultSerializer())));
        Future<Throwable> normal = queueInOrder(pool, () -> attempt(commit("normal", 0)));

        // when
        assertThat(first.get()).isNull();
        Throwable normalOutcome = normal.get();
        Throwable oversizedOutcome = oversized.get();
        pool.shutdown();

        // then only the oversized commit failed, and the normal one took the index after the first round
        assertThat(normalOutcome).isNull();
        assertThat(MongoErrors.isDocumentTooLarge(oversizedOutcome)).isTrue();
        assertThat(events.countDocuments(new Document("streamKeys", "huge#0"))).isZero();
        assertTiles(2);
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
            assertThat(outcome.get(60, TimeUnit.SECONDS)).isNull();
        }
        pool.shutdown();

        // ... and the store holds each commit once, tiling the indexes, in fewer rounds than commits
        assertTiles(writers * commitsEach);
        assertThat(commands.count("insert")).isLessThan((long) writers * commitsEach);
    }

    /**
     * Submits a task and waits until its commit is queued, so commits queue in the order they are submitted.
     */
    private Future<Throwable> queueInOrder(ExecutorService pool, Callable<Throwable> task) {
        int before = committer.queuedCommits();
        Future<Throwable> future = pool.submit(task);
        while (committer.queuedCommits() == before) {
            Thread.onSpinWait();
        }
        return future;
    }

    @Test
    void aCommitWhoseIdempotencyClaimAnotherCommitHoldsIsRefusedWithTheOutcomeThatLanded() {
        // Given a commit carrying a claim of key k-1, stored
        holdFirstInsert.set(false);
        committer.write(commit("order-1", 0).withKey(new CommitKey("k-1", "claim-1", "java.lang.String", null,
                                                                   "\"first\"")));

        // When a late commit of the same claim arrives (another aggregate: only the claim collides), then another one
        Throwable late = attempt(commit("order-2", 0).withKey(new CommitKey("k-1", "claim-1", "java.lang.String",
                                                                            null, "\"second\"")));
        committer.write(commit("order-3", 0));

        // Then the late one is told the landed outcome: neither a lost claim laid out again nor a conflict
        assertThat(late).isInstanceOf(KeyTakenRejection.class);
        assertThat(((KeyTakenRejection) late).landed().result()).isEqualTo("\"first\"");
        assertTiles(2);
    }

    @Test
    void aKeyedCommitWhoseOwnEarlierInsertLandedIsStored() {
        // Given the document of a keyed commit already stored (an insert whose reply was lost, sent again)
        holdFirstInsert.set(false);
        PreparedCommit keyed = commit("order-1", 0).withKey(new CommitKey("k-1", "claim-1", null, null, null));
        events.insertOne(CommitDocuments.toDocument(keyed, 1));

        // When it is written again
        long first = committer.write(keyed);

        // Then it counts as stored where it landed, once
        assertThat(first).isEqualTo(1);
        assertTiles(1);
    }

    /**
     * Every commit of these tests holds one event, so {@code commits} one-event commits tile {@code 1..commits}.
     */
    private void assertTiles(int commits) {
        assertThat(events.countDocuments()).isEqualTo(commits);
        Tiling.assertTiles(events, commits);
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
