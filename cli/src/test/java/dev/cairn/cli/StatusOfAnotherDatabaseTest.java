package dev.cairn.cli;

import com.example.cli.BankCli;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import dev.cairn.cli.support.CliRun;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import dev.cairn.processing.MongoTokenStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static dev.cairn.cli.ProjectionCommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command line that registers projections (here the test bank's {@code balances}) pointed at the database of
 * another application: the status lists what that database holds, not the projections it merely registers.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class StatusOfAnotherDatabaseTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void statusListsTheProjectionsTheDatabaseHolds(MongoTarget mongo, MongoDatabase database) throws Exception {
        // Given a database where only another application's projection, parcels, has run
        MongoTokenStore.builder().database(database).build().initializeTokenSegments("parcels", 2);

        // When the command line that registers balances asks for the status
        CliRun table = run(mongo, database, new BankCli(), "projections", "status");
        CliRun json = run(mongo, database, new BankCli(), "projections", "status", "--json");

        // Then only parcels is reported: balances does not exist in that database
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out().lines().skip(1).map(line -> line.split("\\s+")[0]).toList())
                .containsExactly("parcels");
        List<String> names = new ArrayList<>();
        JSON.readTree(json.out()).get("projections").forEach(p -> names.add(p.get("name").asText()));
        assertThat(names).containsExactly("parcels");
    }

    @Test
    void anEmptyDatabaseHasNoProjectionsToReport(MongoTarget mongo, MongoDatabase database) throws Exception {
        // Given a database where no projection has run
        // When the command line that registers balances asks for the status, of all and of balances by name
        CliRun all = run(mongo, database, new BankCli(), "projections", "status");
        CliRun json = run(mongo, database, new BankCli(), "projections", "status", "--json");
        CliRun named = run(mongo, database, new BankCli(), "projections", "status", "balances");

        // Then none is reported, while the registered one named explicitly says it has not run here
        assertThat(all.out()).isEqualTo("No projections: none with stored tokens in this database.\n");
        JsonNode projections = JSON.readTree(json.out()).get("projections");
        assertThat(projections.isArray()).isTrue();
        assertThat(projections).isEmpty();
        assertThat(named.exitCode()).as(named.toString()).isZero();
        assertThat(named.out()).contains("No stored segments: the projection has not run yet.");
    }
}
