package dev.cairn.projections;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import com.example.bank.Account;
import com.example.bank.BankHistory;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two processes asked to rebuild one projection at the same moment (ADR 43): one rebuilds, the other is refused,
 * naming the rebuild under way; a claim left by a process that died is taken over once its heartbeat stood still.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class ConcurrentRebuildsTest {

    @Test
    void twoBlueGreenRebuildsAtOnceBuildExactlyOneNewVersion(MongoTarget target, MongoDatabase database)
            throws Exception {
        // Given 5,000 events and two command-line processes with the projection
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        BankHistory.write(engine, 100, 49, 10, 17);
        CairnProjections first = RebuildTest.projections("cli-1");
        CairnProjections second = RebuildTest.projections("cli-2");
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try (MongoClient clientA = MongoClients.create(target.connectionString());
             MongoClient clientB = MongoClients.create(target.connectionString());
             CairnApplication a = start(clientA.getDatabase(database.getName()), first);
             CairnApplication b = start(clientB.getDatabase(database.getName()), second)) {

            // When both rebuild it blue/green at the same moment, each waiting for its rebuild
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> outcomes = new ArrayList<>();
            for (CairnProjections projections : List.of(first, second)) {
                outcomes.add(callers.submit(rebuildWhen(go, projections)));
            }
            go.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                results.add(outcome.get(120, TimeUnit.SECONDS));
            }

            // Then exactly one built a new version, the other was refused naming the rebuild under way
            assertThat(results).filteredOn("COMPLETE"::equals).hasSize(1);
            assertThat(results).filteredOn(result -> result.startsWith("REFUSED")).singleElement()
                               .asString().contains("Projection [balances] was not rebuilt: a blue/green rebuild of "
                                                            + "it is under way").containsPattern("by cli-[12];");
            assertThat(first.status("balances").version()).isEqualTo(2);
            assertThat(first.tokenStore().processorNames()).containsExactlyInAnyOrder("balances", "balances@v2");
            // and the claim went with the rebuild
            assertThat(database.getCollection(CairnCollections.PROJECTION_CONTROL)
                               .find(Filters.exists("rebuilder")).first()).isNull();
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aClaimWhoseHeartbeatStoodStillIsTakenOver(MongoTarget target, MongoDatabase database) throws Exception {
        // Given the claim of a rebuilder that died (its beat no longer moves), and a few events
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        BankHistory.write(engine, 10, 4, 5, 3);
        database.getCollection(CairnCollections.PROJECTION_CONTROL).insertOne(
                new Document("_id", "balances").append("rebuilder", new Document("id", "dead").append("node", "gone")
                        .append("mode", "BLUE_GREEN").append("startedAt", new Date()).append("beat", 7L)));
        CairnProjections projections = RebuildTest.projections("cli");

        try (CairnApplication app = start(database, projections)) {
            // When it rebuilds the projection
            long started = System.nanoTime();
            Rebuild rebuild = projections.rebuild("balances", RebuildOptions.defaults().mode(RebuildMode.BLUE_GREEN));

            // Then it took the claim over after one claim timeout (3 s here) and completed
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
            assertThat(rebuild.await(Duration.ofSeconds(60))).isTrue();
            assertThat(projections.status("balances").version()).isEqualTo(2);
        }
    }

    @Test
    void aRebuildThatEndsBeforeItsFirstBeatStillRefusesTheOneAskedMeanwhile(MongoDatabase database) throws Exception {
        // Given the claim of a rebuild under way elsewhere that has not beaten yet
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        BankHistory.write(engine, 10, 4, 5, 3);
        database.getCollection(CairnCollections.PROJECTION_CONTROL).insertOne(
                new Document("_id", "balances").append("rebuilder", new Document("id", "quick").append("node", "other")
                        .append("mode", "BLUE_GREEN").append("startedAt", new Date()).append("beat", 0L)));
        CairnProjections projections = RebuildTest.projections("cli");
        ExecutorService caller = Executors.newSingleThreadExecutor();

        try (CairnApplication app = start(database, projections)) {
            // When a rebuild is asked for while that one is under way, and that one ends (releases) before it beats
            Future<String> outcome = caller.submit(rebuildWhen(new CountDownLatch(0), projections));
            TimeUnit.MILLISECONDS.sleep(400);
            database.getCollection(CairnCollections.PROJECTION_CONTROL)
                    .updateOne(Filters.eq("_id", "balances"), new Document("$unset", new Document("rebuilder", "")));

            // Then it is refused naming the rebuild that was under way, and builds no version of its own
            assertThat(outcome.get(60, TimeUnit.SECONDS)).startsWith("REFUSED")
                                                         .contains("a blue/green rebuild of it is under way")
                                                         .contains("by other;");
            assertThat(projections.status("balances").version()).isEqualTo(1);
        } finally {
            caller.shutdownNow();
        }
    }

    private static Callable<String> rebuildWhen(CountDownLatch go, CairnProjections projections) {
        return () -> {
            go.await();
            try {
                Rebuild rebuild = projections.rebuild("balances", RebuildOptions.defaults()
                                                                                .mode(RebuildMode.BLUE_GREEN));
                return rebuild.await(Duration.ofSeconds(100)) ? "COMPLETE" : "TIMED OUT";
            } catch (RebuildRefusedException e) {
                return "REFUSED: " + e.getMessage();
            }
        };
    }

    private static CairnApplication start(MongoDatabase database, CairnProjections projections) {
        return Cairn.builder().database(database).aggregate(Account.class).extension(projections.extension())
                    .start();
    }
}
