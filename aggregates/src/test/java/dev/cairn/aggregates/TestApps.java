package dev.cairn.aggregates;

import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.testdomain.CommandLog;
import dev.cairn.aggregates.testdomain.Order;

/**
 * Starts the test application around {@link Order}.
 */
final class TestApps {

    private TestApps() {
    }

    static Cairn.Builder orders(MongoDatabase database, CommandLog log) {
        return Cairn.builder()
                    .database(database)
                    .aggregate(Order.class)
                    .configure(c -> c.registerComponent(CommandLog.class, cfg -> log));
    }
}
