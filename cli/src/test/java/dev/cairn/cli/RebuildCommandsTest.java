package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.cairn.cli.support.CliRun;
import dev.cairn.cli.support.Projections;
import com.example.cli.Balances;
import com.example.cli.BankCli;
import com.example.bank.BankHistory;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static dev.cairn.cli.ProjectionCommandsTest.fieldNames;
import static dev.cairn.cli.ProjectionCommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rebuilds from the command line, in-process: in place, blue/green, clean-up, and the JSON outcome.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class RebuildCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void inPlaceThenBlueGreenRebuildsRestoreTheReadModelAndCleanDropsTheOldVersion(MongoTarget mongo,
                                                                                  MongoDatabase database)
            throws Exception {
        // Given a processed history, and a read model a bug damaged
        BankHistory history = BankHistory.write(database, "account-", 20, 24, 5);
        Projections.catchUp(database);
        database.getCollection(Balances.ACCOUNTS).updateMany(Filters.empty(), Updates.set("balance", -1));

        // When it is rebuilt in place
        CliRun inPlace = run(mongo, database, new BankCli(), "projections", "rebuild", "balances", "--json",
                             "--progress", "lines", "--batch-size", "100");

        // Then the read model is right again, the version unchanged, and the outcome documented
        assertThat(inPlace.exitCode()).as(inPlace.toString()).isZero();
        JsonNode outcome = JSON.readTree(inPlace.out());
        assertThat(fieldNames(outcome)).containsExactly("projection", "mode", "outcome", "version", "liveVersion",
                                                        "events", "seconds", "totalSeconds", "eventsPerSecond",
                                                        "resumedFrom");
        assertThat(outcome.get("mode").asText()).isEqualTo("IN_PLACE");
        assertThat(outcome.get("outcome").asText()).isEqualTo("COMPLETE");
        assertThat(outcome.get("liveVersion").asInt()).isEqualTo(1);
        assertThat(outcome.get("events").asLong()).isEqualTo(history.events());
        assertThat(Projections.balances(database, Balances.ACCOUNTS)).isEqualTo(history.balances());
        assertThat(inPlace.err()).startsWith("rebuild balances: ").contains(" events/s, ETA ");

        // When it is rebuilt blue/green
        CliRun blueGreen = run(mongo, database, new BankCli(), "projections", "rebuild", "balances", "--blue-green",
                               "--progress", "none");

        // Then version 2 is live and complete, and version 1 is kept until the clean-up
        assertThat(blueGreen.exitCode()).as(blueGreen.toString()).isZero();
        assertThat(blueGreen.out()).startsWith("Rebuilt projection [balances] blue/green: version 2 built from "
                                                       + String.format(java.util.Locale.ROOT, "%,d",
                                                                       history.events()) + " events in ");
        assertThat(Projections.balances(database, Balances.ACCOUNTS + "__v2")).isEqualTo(history.balances());
        JsonNode status = JSON.readTree(run(mongo, database, null, "projections", "status", "balances", "--json")
                                                .out()).get("projections").get(0);
        assertThat(status.get("version").asInt()).isEqualTo(2);
        assertThat(status.get("rebuild").isNull()).isTrue();
        assertThat(database.listCollectionNames().into(new ArrayList<>())).contains(Balances.ACCOUNTS);

        // When cleaned
        CliRun clean = run(mongo, database, new BankCli(), "projections", "clean", "balances", "--json");

        // Then
        assertThat(clean.exitCode()).as(clean.toString()).isZero();
        JsonNode cleaned = JSON.readTree(clean.out());
        assertThat(cleaned.get("liveVersion").asInt()).isEqualTo(2);
        List<String> dropped = new ArrayList<>();
        cleaned.get("dropped").forEach(name -> dropped.add(name.asText()));
        assertThat(dropped).containsExactly(Balances.ACCOUNTS);
        assertThat(database.listCollectionNames().into(new ArrayList<>())).doesNotContain(Balances.ACCOUNTS);
    }

    @Test
    void resetReturnsAtOnceAndTheStatusShowsTheReplay(MongoTarget mongo, MongoDatabase database) throws Exception {
        // Given a processed history, larger than the few batches the resetting process itself handles before it exits
        BankHistory.write(database, "account-", 50, 99, 50);
        Projections.catchUp(database);

        // When it is reset, with no node running it afterwards
        CliRun reset = run(mongo, database, new BankCli(), "projections", "reset", "balances");
        CliRun status = run(mongo, database, null, "projections", "status", "--json");

        // Then the status, from storage, shows the replay under way (stopped, since no node runs it now)
        assertThat(reset.exitCode()).as(reset.toString()).isZero();
        assertThat(reset.out()).startsWith("Reset projection [balances] in place: the nodes running it replay 5,000");
        JsonNode projection = JSON.readTree(status.out()).get("projections").get(0);
        assertThat(projection.get("caughtUp").asBoolean()).as(status.out()).isFalse();
        assertThat(projection.get("rebuild").get("mode").asText()).isEqualTo("IN_PLACE");
        assertThat(projection.get("rebuild").get("phase").asText()).isEqualTo("REPLAYING");
        assertThat(projection.get("rebuild").get("total").asLong()).isEqualTo(5_000);

        // When a rebuild follows, then it completes the replay
        CliRun rebuild = run(mongo, database, new BankCli(), "projections", "rebuild", "balances", "--progress", "none");
        assertThat(rebuild.exitCode()).as(rebuild.toString()).isZero();
        assertThat(JSON.readTree(run(mongo, database, null, "projections", "status", "--json").out())
                       .get("projections").get(0).get("rebuild").isNull()).isTrue();
    }
}
