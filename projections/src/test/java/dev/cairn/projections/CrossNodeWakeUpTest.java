package dev.cairn.projections;

import com.example.bank.Account;
import com.example.bank.Bank;
import com.example.projections.Balances;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.CommitDoorbell;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.mongo.embedded.EmbeddedMongo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application instances on one database: one takes the commands, the other runs the projection and learns of the
 * new events through its commit doorbell (ADR 83), or by polling where the server has no change streams. The reader
 * reaches the server through a proxy that can cut its connections, as a network failure does. Each test starts its
 * own embedded server (the point is the kind of server), also under {@code CAIRN_MONGO_URI}.
 */
class CrossNodeWakeUpTest {

    private static final int ACCOUNTS = 5;

    @Test
    void withChangeStreamsTheSecondInstanceSeesACommitWithinMilliseconds() throws Exception {
        // Given a writer and a reader instance on a server with change streams, the reader's doorbell listening
        try (EmbeddedMongo server = EmbeddedMongo.startWithChangeStreams();
             CuttingProxy proxy = new CuttingProxy(server.port());
             Instances instances = new Instances(server.connectionString(), proxy.connectionString(), true)) {
            assertThat(eventually(Duration.ofSeconds(10), () -> instances.doorbell().listening())).isTrue();

            // When deposits are sent one at a time on the writer
            List<Long> latencies = instances.depositOneAtATime(30);

            // Then the reader's read model shows each within milliseconds (polling took 250 ms at the median)
            assertThat(percentile(latencies, 50)).as("p50 ms of %s", latencies).isLessThanOrEqualTo(50);
            assertThat(percentile(latencies, 90)).as("p90 ms of %s", latencies).isLessThanOrEqualTo(150);
        }
    }

    @Test
    void whenTheStreamDropsNothingIsMissedAndTheDoorbellComesBack() throws Exception {
        // Given a reader instance whose doorbell listens
        try (EmbeddedMongo server = EmbeddedMongo.startWithChangeStreams();
             CuttingProxy proxy = new CuttingProxy(server.port());
             Instances instances = new Instances(server.connectionString(), proxy.connectionString(), true)) {
            assertThat(eventually(Duration.ofSeconds(10), () -> instances.doorbell().listening())).isTrue();

            // When every connection of the reader is cut while deposits are stored
            proxy.cutAll();
            for (int i = 0; i < 40; i++) {
                instances.writer.commandGateway().sendAndWait(new Bank.Deposit("acct-" + i % ACCOUNTS, 1));
                if (i == 20) {
                    proxy.cutAll();
                }
            }

            // Then the reader applies every deposit once
            assertThat(eventually(Duration.ofSeconds(20), () -> instances.totalDeposits() == 40))
                    .as("deposits in the read model: %s", instances.totalDeposits()).isTrue();
            // and its doorbell listens again, with commits seen promptly once more
            assertThat(eventually(Duration.ofSeconds(20), () -> instances.doorbell().listening())).isTrue();
            assertThat(percentile(instances.depositOneAtATime(10), 50)).isLessThanOrEqualTo(50);
            assertThat(instances.totalDeposits()).isEqualTo(50);
        }
    }

    @Test
    void withoutChangeStreamsTheSecondInstanceStillSeesEveryCommitByPolling() throws Exception {
        // Given a writer and a reader on a server without change streams (as a standalone MongoDB)
        try (EmbeddedMongo server = EmbeddedMongo.start();
             CuttingProxy proxy = new CuttingProxy(server.port());
             Instances instances = new Instances(server.connectionString(), proxy.connectionString(), false)) {

            // When deposits are sent one at a time on the writer
            List<Long> latencies = instances.depositOneAtATime(8);

            // Then the doorbell stayed silent, and the reader saw each deposit within its polling interval
            assertThat(instances.doorbell().listening()).isFalse();
            assertThat(percentile(latencies, 50)).as("p50 ms of %s", latencies).isLessThanOrEqualTo(1_000);
            assertThat(instances.totalDeposits()).isEqualTo(8);
        }
    }

    /** A writer instance without projections and a reader instance running {@link Balances}, on separate clients. */
    private static final class Instances implements AutoCloseable {

        private final MongoClient writerClient;
        private final MongoClient readerClient;
        private final CairnProjections projections;
        private final CairnApplication reader;
        private final CairnApplication writer;

        /** @param changeStreams whether the reader is told its server has change streams (the embedded one's oplog) */
        Instances(String direct, String throughProxy, boolean changeStreams) throws InterruptedException {
            writerClient = MongoClients.create(direct);
            readerClient = MongoClients.create(throughProxy);
            MongoDatabase writerDatabase = writerClient.getDatabase("wake");
            writer = Cairn.builder().database(writerDatabase).aggregate(Account.class).start();
            for (int a = 0; a < ACCOUNTS; a++) {
                writer.commandGateway().sendAndWait(new Bank.OpenAccount("acct-" + a));
            }
            projections = CairnProjections.builder()
                                          .projection(new Balances(), o -> o.owns(Balances.ACCOUNTS, Balances.TOTALS))
                                          .build();
            reader = Cairn.builder().database(readerClient.getDatabase("wake")).aggregate(Account.class)
                          .eventStorage(engine -> engine.changeStreamsOnStandalone(changeStreams))
                          .extension(projections.extension()).start();
            long head = writer.configuration().getComponent(MongoEventStorageEngine.class).createHeadToken()
                              .position().orElseThrow();
            if (!projections.awaitCaughtUp("balances", head, Duration.ofSeconds(30))) {
                throw new IllegalStateException("the reader did not catch up with the accounts");
            }
        }

        CommitDoorbell doorbell() {
            return reader.configuration().getComponent(MongoEventStorageEngine.class).commitDoorbell();
        }

        /** @return milliseconds from each command's return to its deposit in the reader's read model */
        List<Long> depositOneAtATime(int count) throws InterruptedException {
            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                long before = totalDeposits();
                writer.commandGateway().sendAndWait(new Bank.Deposit("acct-" + i % ACCOUNTS, 1));
                long sent = System.nanoTime();
                if (!eventually(Duration.ofSeconds(10), () -> totalDeposits() > before)) {
                    throw new AssertionError("deposit " + i + " not visible within 10 s");
                }
                latencies.add((System.nanoTime() - sent) / 1_000_000);
            }
            return latencies;
        }

        long totalDeposits() {
            return projections.readModel("balances").collection(Balances.TOTALS).find("all")
                              .map(totals -> totals.get("deposits", Number.class))
                              .map(Number::longValue).orElse(0L);
        }

        @Override
        public void close() {
            reader.close();
            writer.close();
            readerClient.close();
            writerClient.close();
        }
    }

    private static long percentile(List<Long> values, int percentile) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static boolean eventually(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }
}
