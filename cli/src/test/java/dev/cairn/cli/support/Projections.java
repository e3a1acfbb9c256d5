package dev.cairn.cli.support;

import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import com.example.cli.Balances;
import com.example.cli.BankCli;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.projections.CairnProjections;
import org.bson.Document;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the test bank's projection in an application until it caught up, and reads its read model.
 */
public final class Projections {

    private Projections() {
    }

    /** Starts the bank application with its projection, waits until it processed every stored event, stops it. */
    public static void catchUp(MongoDatabase database) throws InterruptedException {
        long head = head(database);
        CairnProjections projections = new BankCli().projections();
        try (CairnApplication app = new BankCli().configure(Cairn.builder()).database(database)
                                                 .extension(projections.extension()).start()) {
            assertThat(projections.awaitCaughtUp(Balances.NAME, head, Duration.ofSeconds(30))).isTrue();
        }
    }

    public static long head(MongoDatabase database) {
        return MongoEventStorageEngine.builder().database(database).build().createHeadToken().position().orElse(0);
    }

    /** @return the balances in {@code collection} (the live version's), by account */
    public static Map<String, Long> balances(MongoDatabase database, String collection) {
        Map<String, Long> balances = new HashMap<>();
        for (Document account : database.getCollection(collection).find()) {
            Number balance = (Number) account.get("balance");
            balances.put(account.getString("_id"), balance == null ? 0L : balance.longValue());
        }
        return balances;
    }
}
