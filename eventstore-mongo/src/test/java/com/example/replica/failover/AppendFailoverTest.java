package com.example.replica.failover;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.eventstore.mongo.internal.Tiling;
import dev.cairn.mongo.embedded.junit.ReplicaSetUnderTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The event store across failovers of a real three-node replica set (ADR 75): runs only when {@code CAIRN_MONGO_URI}
 * names one (skipped otherwise, saying why); see the README, "Running on a MongoDB replica set", for what it assumes.
 * Each test uses a database of its own and drops it.
 */
@Tag("failover")
class AppendFailoverTest {

    private ReplicaSetUnderTest set;
    private final List<MongoClient> clients = new ArrayList<>();
    private MongoDatabase database;
    private String databaseName;

    @BeforeEach
    void connect() {
        set = ReplicaSetUnderTest.assumeThreeNodes();
        databaseName = "cairn_failover_" + UUID.randomUUID().toString().substring(0, 8);
        database = client().getDatabase(databaseName);
    }

    @AfterEach
    void cleanUp() {
        if (set == null) {
            return;
        }
        set.secondaries().forEach(set::resumeReplication);
        database.drop();
        clients.forEach(MongoClient::close);
        set.close();
    }

    @Test
    void stepDownsEveryTwoSecondsUnderTwoNodesOfFourWritersAndAReader() throws Exception {
        // Given two nodes with four writers each on twelve shared aggregates, and a reader
        MongoEventStorageEngine nodeA = engine(Duration.ofSeconds(10));
        MongoEventStorageEngine nodeB = engine(Duration.ofSeconds(10));
        List<String> aggregates = IntStream.range(0, 12).mapToObj(i -> "parcel-" + i).toList();
        Outcomes outcomes = new Outcomes();
        List<Writer> writers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Writer writer = new Writer(i < 4 ? nodeA : nodeB, aggregates, outcomes);
            writers.add(writer);
            threads.add(started("writer-" + i, writer));
        }
        Reader reader = new Reader(engine(Duration.ofSeconds(10)));
        Thread readerThread = started("reader", reader);

        // When the primary steps down every two seconds for twenty seconds
        for (int round = 0; round < 10; round++) {
            Thread.sleep(2_000);
            set.stepDown(2, false);
        }
        writers.forEach(Writer::stop);
        for (Thread thread : threads) {
            thread.join(60_000);
        }
        History history = History.of(database);
        reader.catchUpTo(history.highestIndex());
        readerThread.join(60_000);

        // Then every acknowledged commit is stored, commits tile the indexes, a retried commit is stored at most once,
        // no commit rejected as a conflict is stored, and the reader received every event once, in each aggregate's
        // order
        assertThat(outcomes.acknowledged).as("acknowledged commits").isNotEmpty();
        assertThat(history.identifiers()).containsAll(outcomes.acknowledged).doesNotHaveDuplicates()
                                         .doesNotContainAnyElementsOf(outcomes.conflicted);
        Tiling.assertTiles(database.getCollection("events"), history.highestIndex());
        assertAggregatesInSequence(history.sequencesInGlobalOrder());
        assertThat(reader.delivered).doesNotHaveDuplicates().containsExactlyElementsOf(history.identifiers());
        assertThat(reader.sequencesReceived).isEqualTo(history.sequencesInGlobalOrder());
    }

    @Test
    void commitsRolledBackWithAKilledPrimaryReachNoReaderAndNoHead() throws Exception {
        // Given two nodes, a reader, and commits acknowledged before the failure
        MongoEventStorageEngine nodeA = engine(Duration.ofSeconds(1));
        MongoEventStorageEngine nodeB = engine(Duration.ofSeconds(1));
        nodeA.appendEvents(Writer.commit("parcel-1", 0, 2));
        nodeB.appendEvents(Writer.commit("parcel-2", 0, 1));
        Reader reader = new Reader(engine(Duration.ofSeconds(1)));
        Thread readerThread = started("reader", reader);

        // When replication pauses, both nodes append (no majority acknowledges: the appends time out), and the
        // primary is killed; a new primary is elected and the old one rolls its commits back when it returns
        set.secondaries().forEach(set::pauseReplication);
        var lostA = Writer.commit("parcel-1", 2, 1);
        var lostB = Writer.commit("parcel-3", 0, 2);
        assertThat(catchThrowable(() -> nodeA.appendEvents(lostA))).as("append without a majority").isNotNull();
        assertThat(catchThrowable(() -> nodeB.appendEvents(lostB))).as("append without a majority").isNotNull();
        List<String> secondaries = set.secondaries();
        String killed = set.killPrimary();
        secondaries.forEach(set::resumeReplication);
        set.primary();
        set.restart(killed);
        nodeA.appendEvents(Writer.commit("parcel-4", 0, 1));
        nodeB.appendEvents(Writer.commit("parcel-5", 0, 3));
        History history = History.of(database);
        reader.catchUpTo(history.highestIndex());
        readerThread.join(60_000);

        // Then the rolled-back commits are stored nowhere and reached no reader, and both nodes laid their next
        // commits right above the surviving ones: no head stood on a rolled-back index
        List<String> lost = new ArrayList<>();
        lostA.forEach(e -> lost.add(e.getIdentifier()));
        lostB.forEach(e -> lost.add(e.getIdentifier()));
        assertThat(history.identifiers()).doesNotContainAnyElementsOf(lost).hasSize(7);
        assertThat(reader.delivered).doesNotContainAnyElementsOf(lost).containsExactlyElementsOf(history.identifiers());
        Tiling.assertTiles(database.getCollection("events"), history.highestIndex());
        assertThat(nodeA.createHeadToken().position()).hasValue(history.highestIndex());
        assertThat(nodeB.createHeadToken().position()).hasValue(history.highestIndex());
    }

    @Test
    void anAggregateLoadedAndAppendedAcrossFailoversKeepsItsOrderWithoutHoles() {
        // Given two nodes and one aggregate with a first event
        MongoEventStorageEngine nodeA = engine(Duration.ofSeconds(1));
        MongoEventStorageEngine nodeB = engine(Duration.ofSeconds(1));
        nodeA.appendEvents(Writer.commit("parcel-1", 0, 1));

        // When, five times, one node appends an event no majority acknowledges, the other node loads the aggregate
        // and the primary is forced down (so the unacknowledged event is rolled back), then the other node appends
        for (int round = 0; round < 5; round++) {
            MongoEventStorageEngine first = round % 2 == 0 ? nodeA : nodeB;
            MongoEventStorageEngine second = first == nodeA ? nodeB : nodeA;
            long next = first.lastSequenceNumberFor("parcel-1").orElseThrow() + 1;
            List<String> paused = set.secondaries();
            paused.forEach(set::pauseReplication);
            catchThrowable(() -> first.appendEvents(Writer.commit("parcel-1", next, 1)));
            long decided = second.lastSequenceNumberFor("parcel-1").orElseThrow() + 1;
            set.stepDown(10, true);
            paused.forEach(set::resumeReplication);
            second.appendEvents(Writer.commit("parcel-1", decided, 1));
        }

        // Then the aggregate's events in global order are its sequence numbers 0..5, and commits tile the indexes
        History history = History.of(database);
        assertThat(history.sequencesInGlobalOrder().get("parcel-1")).containsExactlyElementsOf(
                LongStream.rangeClosed(0, 5).boxed().toList());
        Tiling.assertTiles(database.getCollection("events"), history.highestIndex());
    }

    private static void assertAggregatesInSequence(Map<String, List<Long>> sequences) {
        sequences.forEach((aggregate, numbers) -> assertThat(numbers).as(aggregate).containsExactlyElementsOf(
                LongStream.range(0, numbers.size()).boxed().toList()));
        assertThat(new HashSet<>(sequences.keySet())).isNotEmpty();
    }

    private static Thread started(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.start();
        return thread;
    }

    private MongoEventStorageEngine engine(Duration writeTimeout) {
        return MongoEventStorageEngine.builder().database(client().getDatabase(databaseName))
                                      .writeTimeout(writeTimeout).build();
    }

    private MongoClient client() {
        MongoClient client = set.newClient();
        clients.add(client);
        return client;
    }
}
