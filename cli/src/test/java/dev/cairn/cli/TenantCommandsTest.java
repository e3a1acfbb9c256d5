package dev.cairn.cli;

import com.example.bank.Account;
import com.example.bank.Bank;
import com.example.bank.BankHistory;
import com.example.cli.Balances;
import com.example.cli.BankCli;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.cairn.aggregates.Cairn;
import dev.cairn.cli.support.CliRun;
import dev.cairn.cli.support.Projections;
import dev.cairn.mongo.embedded.EmbeddedMongo;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import dev.cairn.tenants.CairnTenants;
import dev.cairn.tenants.TenantStatus;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.cairn.cli.ProjectionCommandsTest.fieldNames;
import static dev.cairn.cli.ProjectionCommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADR 85: {@code tenants add|list|remove} on the registry of the directory database, and {@code --tenant} running the
 * projection and dead-letter commands on a tenant's store (on a server of its own when the tests run embedded).
 */
@ExtendWith(EmbeddedMongoExtension.class)
class TenantCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EmbeddedMongo tenantServer;

    @AfterEach
    void stopTheTenantServerAndPoisonAgain() {
        Balances.poisoned = true;
        if (tenantServer != null) {
            tenantServer.close();
        }
    }

    @Test
    void tenantsAreAddedListedAndRemovedWithoutPrintingPasswords(MongoTarget mongo, MongoDatabase directory)
            throws Exception {
        // Given an empty registry
        // When one tenant is added on the directory's server and one on a server of its own with a password
        CliRun acme = run(mongo, directory, null, "tenants", "add", "acme");
        CliRun globex = run(mongo, directory, null, "tenants", "add", "globex", "--tenant-database", "shop_globex",
                            "--tenant-uri", "mongodb://ops:s3cret@db-globex:27017/", "--json");

        // Then both are listed as active, the default database named after the directory and the tenant
        assertThat(acme.exitCode()).as(acme.toString()).isZero();
        assertThat(acme.out()).startsWith("Added tenant [acme]: database [" + directory.getName() + "_acme]");
        assertThat(globex.exitCode()).as(globex.toString()).isZero();
        CliRun table = run(mongo, directory, null, "tenants", "list");
        assertThat(table.out().lines().findFirst().orElseThrow()).startsWith("TENANT  STATE   DATABASE");
        assertThat(table.out()).contains("acme", "globex", "shop_globex", "db-globex:27017", "active");
        JsonNode list = JSON.readTree(run(mongo, directory, null, "tenants", "list", "--json").out());
        assertThat(fieldNames(list.get("tenants").get(1))).containsExactly("id", "state", "placement", "database",
                                                                          "server");
        assertThat(list.get("tenants").get(0).get("database").asText()).isEqualTo(directory.getName() + "_acme");
        assertThat(globex.all() + table.all() + list).doesNotContain("s3cret");
        // and adding a connection string with a password warns that the registry keeps it
        assertThat(globex.err()).contains("warning", "password");

        // When globex is removed
        CliRun removed = run(mongo, directory, null, "tenants", "remove", "globex");

        // Then it is listed as removed; removing an unknown tenant is bad input naming it and the active ones
        assertThat(removed.exitCode()).as(removed.toString()).isZero();
        assertThat(run(mongo, directory, null, "tenants", "list").out()).containsPattern("globex +removed");
        CliRun unknown = run(mongo, directory, null, "tenants", "remove", "initech");
        assertThat(unknown.exitCode()).isEqualTo(CairnCli.USAGE);
        assertThat(unknown.err()).contains("[initech]", "[acme]");
        CliRun badId = run(mongo, directory, null, "tenants", "add", "no/slash");
        assertThat(badId.exitCode()).isEqualTo(CairnCli.USAGE);
        assertThat(badId.err()).contains("[no/slash]");
    }

    @Test
    void aTenantIsAddedToTheSharedStoreAndItsCommandsRunOnTheDirectoryDatabase(MongoTarget mongo,
                                                                                MongoDatabase directory)
            throws Exception {
        // Given an empty registry
        // When a tenant is added with --shared
        CliRun kiosk = run(mongo, directory, null, "tenants", "add", "kiosk", "--shared");

        // Then it is listed in the shared store, without a database of its own
        assertThat(kiosk.exitCode()).as(kiosk.toString()).isZero();
        assertThat(kiosk.out()).startsWith("Added tenant [kiosk]: the shared store");
        JsonNode listed = JSON.readTree(run(mongo, directory, null, "tenants", "list", "--json").out())
                              .get("tenants").get(0);
        assertThat(listed.get("placement").asText()).isEqualTo("shared");
        assertThat(run(mongo, directory, null, "tenants", "list").out()).contains("kiosk", "(shared store)");
        // and --tenant kiosk runs on the directory database
        CliRun status = run(mongo, directory, null, "projections", "status", "--tenant", "kiosk");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        // and a shared tenant with a database of its own is bad input naming it
        CliRun both = run(mongo, directory, null, "tenants", "add", "stall", "--shared", "--tenant-database", "x");
        assertThat(both.exitCode()).isEqualTo(CairnCli.USAGE);
        assertThat(both.err()).contains("[stall]", "--shared");
    }

    @Test
    void theReadmeTenantsCommandLinesParse() throws Exception {
        // Given the command lines of the README's tenants section
        String readme = Files.readString(Path.of("..", "README.md"));
        int from = readme.indexOf("\n## Tenants: a store per tenant\n");
        String section = readme.substring(from, readme.indexOf("\n## ", from + 1));
        Matcher block = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertThat(block.find()).as("a bash block in the README's tenants section").isTrue();
        List<List<String>> lines = new ArrayList<>();
        for (String line : block.group(1).split("\n")) {
            List<String> words = new ArrayList<>();
            Matcher word = Pattern.compile("'([^']*)'|(\\S+)").matcher(line.replaceAll("\\s+#.*$", ""));
            while (word.find()) {
                words.add(word.group(1) != null ? word.group(1) : word.group(2));
            }
            assertThat(words.get(0)).isEqualTo("./cairn");
            lines.add(words.subList(1, words.size()));
        }
        assertThat(lines).hasSizeGreaterThanOrEqualTo(5);

        // When / Then each parses with its options (its help exits 0; an unknown option would exit 2)
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        for (List<String> line : lines) {
            List<String> args = new ArrayList<>(line);
            args.add("--help");
            assertThat(CairnCli.run(new BankCli(), quiet, quiet, args.toArray(String[]::new))).as(line.toString())
                                                                                             .isZero();
        }
    }

    @Test
    void aRunningNodeServesATenantTheCommandLineAddedWithoutARestart(MongoTarget mongo, MongoDatabase directory)
            throws InterruptedException {
        // Given a node running the tenants of the directory database, none yet
        try (CairnTenants node = CairnTenants.builder().registry(mongo.client(), directory.getName())
                                             .template(tenantId -> Cairn.builder().aggregate(Account.class))
                                             .pollInterval(Duration.ofMillis(200)).start()) {
            String database = directory.getName() + "_runtime";
            mongo.client().getDatabase(database).drop();

            // When the command line adds a tenant
            CliRun add = run(mongo, directory, null, "tenants", "add", "runtime", "--tenant-database", database);

            // Then the node starts it at its next poll and its commands land in the tenant's database
            assertThat(add.exitCode()).as(add.toString()).isZero();
            Instant deadline = Instant.now().plusSeconds(5);
            while (node.status().stream().noneMatch(TenantStatus::running) && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
            assertThat(node.status()).singleElement().satisfies(status -> assertThat(status.running()).isTrue());
            node.commandGateway().sendAndWait(new Bank.OpenAccount("account-1"),
                                              MetaData.with(Cairn.TENANT_KEY, "runtime"));
            assertThat(mongo.client().getDatabase(database).getCollection("events").countDocuments()).isEqualTo(1);
        }
    }

    @Test
    void projectionAndDeadLetterCommandsWorkOnTheTenantsStore(MongoTarget mongo, MongoDatabase directory)
            throws Exception {
        // Given a tenant on a server of its own (embedded) whose balances projection dead-lettered two accounts
        String uri = mongo.embedded() ? (tenantServer = EmbeddedMongo.start()).connectionString()
                : mongo.connectionString();
        String databaseName = directory.getName() + "_acme";
        try (MongoClient tenantClient = MongoClients.create(uri)) {
            MongoDatabase tenant = tenantClient.getDatabase(databaseName);
            tenant.drop();
            BankHistory history = BankHistory.write(tenant, "account-", 3, 2, 3);
            BankHistory.write(tenant, "poison-", 2, 2, 3);
            Projections.catchUp(tenant);
            assertThat(run(mongo, directory, null, "tenants", "add", "acme", "--tenant-database", databaseName,
                           "--tenant-uri", uri).exitCode()).isZero();

            // When the status and the dead letters are asked for the tenant
            JsonNode status = JSON.readTree(run(mongo, directory, null, "projections", "status", "--tenant", "acme",
                                                "--json").out());
            JsonNode letters = JSON.readTree(run(mongo, directory, null, "dead-letters", "list", "balances",
                                                 "--tenant", "acme", "--json").out());

            // Then they are the tenant's, while the directory database holds no projection
            assertThat(status.get("projections")).singleElement()
                    .satisfies(p -> assertThat(p.get("head").asLong()).isEqualTo(Projections.head(tenant)));
            assertThat(letters.get("deadLetters")).hasSize(4);
            assertThat(run(mongo, directory, null, "projections", "status").out()).startsWith("No projections");

            // When the tenant's read model is damaged and rebuilt with the handler fixed
            Balances.poisoned = false;
            tenant.getCollection(Balances.ACCOUNTS).updateMany(Filters.empty(), Updates.set("balance", -1));
            CliRun rebuild = run(mongo, directory, new BankCli(), "projections", "rebuild", "balances", "--tenant",
                                 "acme", "--progress", "none");

            // Then the tenant's read model is right again
            assertThat(rebuild.exitCode()).as(rebuild.toString()).isZero();
            assertThat(Projections.balances(tenant, Balances.ACCOUNTS)).containsAllEntriesOf(history.balances());

            // When a tenant the registry does not list is named
            CliRun unknown = run(mongo, directory, null, "projections", "status", "--tenant", "initech");

            // Then it is bad input naming it and the active tenants
            assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(CairnCli.USAGE);
            assertThat(unknown.err()).contains("Unknown tenant [initech]", "[acme]");
        }
    }
}
