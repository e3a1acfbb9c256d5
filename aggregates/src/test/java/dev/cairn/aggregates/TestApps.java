package dev.cairn.aggregates;

import com.mongodb.client.MongoDatabase;
import com.example.aggregates.testdomain.CommandLog;
import com.example.aggregates.testdomain.Order;

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
