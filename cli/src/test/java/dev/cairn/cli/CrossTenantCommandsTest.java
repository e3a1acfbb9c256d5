package dev.cairn.cli;

import com.example.bank.Account;
import com.example.bank.Bank;
import com.example.cli.Balances;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.cli.support.CliRun;
import dev.cairn.mongo.embedded.EmbeddedMongo;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import dev.cairn.projections.CairnProjections;
import dev.cairn.tenants.CairnTenants;
import dev.cairn.tenants.Tenant;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import static dev.cairn.cli.ProjectionCommandsTest.fieldNames;
import static dev.cairn.cli.ProjectionCommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADR 85: the command line reports a projection across tenants measured on each tenant's own head (read through the
 * registry of the directory database), pauses and resumes it, names a tenant whose database does not answer, and
 * refuses to rebuild it (only the nodes running the tenants read every tenant's events). Tenant beta has a server of
 * its own when the tests run embedded; the unreachable tenant is shown only then.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class CrossTenantCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAME = "across";

    private EmbeddedMongo betaServer;

    @AfterEach
    void stopBetasServer() {
        if (betaServer != null) {
            betaServer.close();
        }
    }

    @Test
    void statusPauseAndResumeOfAProjectionAcrossTenants(MongoTarget mongo, MongoDatabase directory) throws Exception {
        // Given tenants alpha (on the directory's server) and beta (on a server of its own), dropped first
        String betaUri = mongo.embedded()
                ? (betaServer = EmbeddedMongo.start()).connectionString()
                        + "/?serverSelectionTimeoutMS=300&connectTimeoutMS=300"
                : mongo.connectionString();
        String alphaDatabase = directory.getName() + "_alpha";
        String betaDatabase = directory.getName() + "_beta";
        mongo.client().getDatabase(alphaDatabase).drop();
        try (MongoClient beta = MongoClients.create(betaUri)) {
            beta.getDatabase(betaDatabase).drop();
        }
        // and a node running them with a projection across tenants, all of whose events it projected
        AtomicReference<CairnProjections> projections = new AtomicReference<>();
        try (CairnTenants node = CairnTenants.builder()
                                             .registry(mongo.client(), directory.getName())
                                             .template(tenantId -> Cairn.builder().aggregate(Account.class))
                                             .pollInterval(Duration.ofMillis(200))
                                             .crossTenant(streams -> {
                                                 CairnProjections across = CairnProjections.builder()
                                                         .eventSource(streams)
                                                         .projection(NAME, new Balances(),
                                                                     o -> o.owns(Balances.ACCOUNTS))
                                                         .build();
                                                 projections.set(across);
                                                 return Cairn.builder().extension(across.extension());
                                             })
                                             .start()) {
            node.add(Tenant.ownDatabase("alpha", alphaDatabase));
            node.add(Tenant.ownDatabase("beta", betaDatabase, betaUri));
            send(node, "alpha", new Bank.OpenAccount("account-1"));
            send(node, "alpha", new Bank.Deposit("account-1", 10));
            send(node, "beta", new Bank.OpenAccount("account-2"));
            assertThat(projections.get().awaitCaughtUp(NAME, Duration.ofSeconds(15))).isTrue();

            // When the command line pauses it
            CliRun pause = run(mongo, directory, null, "projections", "pause", NAME);

            // Then the node stops its processor, and deposits made meanwhile wait
            assertThat(pause.exitCode()).as(pause.toString()).isZero();
            // (its claims released in storage: its segment workers finished)
            Instant deadline = Instant.now().plusSeconds(5);
            while (claimed(projections.get()) && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
            assertThat(claimed(projections.get())).isFalse();
            send(node, "alpha", new Bank.Deposit("account-1", 10));
            send(node, "alpha", new Bank.Deposit("account-1", 10));
            send(node, "beta", new Bank.Deposit("account-2", 5));

            // When its status is asked for, as JSON and as text
            CliRun json = run(mongo, directory, null, "projections", "status", NAME, "--json");
            CliRun text = run(mongo, directory, null, "projections", "status", NAME);

            // Then it is paused, behind by 2 events in alpha and 1 in beta, measured on the tenants' heads
            assertThat(json.exitCode()).as(json.toString()).isZero();
            JsonNode status = JSON.readTree(json.out()).get("projections").get(0);
            assertThat(status.get("state").asText()).isEqualTo("PAUSED");
            assertThat(status.get("lag").asLong()).isEqualTo(3);
            assertThat(status.get("head").asLong() - status.get("position").asLong()).isEqualTo(3);
            assertThat(status.get("lastError").isNull()).isTrue();
            assertThat(fieldNames(status)).endsWith("segments", "partLag");
            assertThat(status.get("partLag").get("alpha").asLong()).isEqualTo(2);
            assertThat(status.get("partLag").get("beta").asLong()).isEqualTo(1);
            assertThat(fieldNames(status.get("partLag"))).containsExactly("alpha", "beta");
            assertThat(text.exitCode()).as(text.toString()).isZero();
            assertThat(text.out()).contains("PAUSED").containsPattern("TENANT +LAG")
                                  .containsPattern("alpha +2").containsPattern("beta +1");

            // and a rebuild or reset from here is refused, naming the projection and where to rebuild it
            CliRun rebuild = run(mongo, directory, null, "projections", "rebuild", NAME);
            assertThat(rebuild.exitCode()).as(rebuild.toString()).isEqualTo(CairnCli.USAGE);
            assertThat(rebuild.err()).contains("[" + NAME + "]", "every tenant", "CairnProjections.rebuild");
            assertThat(run(mongo, directory, null, "projections", "reset", NAME).exitCode()).isEqualTo(CairnCli.USAGE);

            // When the command line resumes it
            CliRun resume = run(mongo, directory, null, "projections", "resume", NAME);

            // Then the node catches up with every tenant
            assertThat(resume.exitCode()).as(resume.toString()).isZero();
            assertThat(projections.get().awaitCaughtUp(NAME, Duration.ofSeconds(15))).isTrue();
        }
        if (!mongo.embedded()) {
            return; // one server for every tenant: none can be stopped alone
        }

        // When beta's server stops and the status is asked for
        betaServer.close();
        betaServer = null;
        CliRun unreachable = run(mongo, directory, null, "projections", "status", NAME, "--json");

        // Then it still reports, measuring alpha, and its last error names beta
        assertThat(unreachable.exitCode()).as(unreachable.toString()).isZero();
        JsonNode status = JSON.readTree(unreachable.out()).get("projections").get(0);
        assertThat(status.get("lastError").asText()).contains("tenant [beta]");
        assertThat(fieldNames(status.get("partLag"))).containsExactly("alpha");
        assertThat(status.get("partLag").get("alpha").asLong()).isZero();
    }

    private static boolean claimed(CairnProjections projections) {
        return projections.tokenStore().segments(NAME).stream().anyMatch(segment -> segment.owner() != null);
    }

    private static void send(CairnTenants node, String tenant, Object command) {
        node.commandGateway().sendAndWait(command, MetaData.with(Cairn.TENANT_KEY, tenant));
    }
}
