package dev.cairn.samples.demo;

import java.nio.file.Path;

/**
 * What the demo runs on and how much it does.
 *
 * @param orders    orders placed by the clients
 * @param clients   concurrent clients
 * @param declined  share of orders paid from a wallet that cannot afford them (declined, compensated)
 * @param timeouts  orders paid from a wallet whose provider never answers (timed out, compensated)
 * @param transfers bank transfers, each sent several times with one idempotency key
 * @param mongoUri  a MongoDB to run on; {@code null}: the embedded server
 * @param database  the database
 * @param data      the embedded server's data folder (kept between runs); {@code null}: in memory
 * @param report    an HTML report to write; {@code null}: none
 * @param json      print the report as JSON instead of text
 */
public record DemoOptions(int orders, int clients, double declined, int timeouts, int transfers, String mongoUri,
                          String database, Path data, Path report, boolean json) {

    public DemoOptions {
        if (orders < 1 || clients < 1 || timeouts < 0 || transfers < 0) {
            throw new IllegalArgumentException("orders and clients must be positive; timeouts and transfers not "
                                                       + "negative");
        }
        if (declined < 0 || declined >= 1) {
            throw new IllegalArgumentException("the declined share must be in [0, 1), not " + declined);
        }
        if (timeouts > orders) {
            throw new IllegalArgumentException("more timeouts (" + timeouts + ") than orders (" + orders + ")");
        }
        if (database == null || database.isBlank()) {
            throw new IllegalArgumentException("the database name must not be blank");
        }
    }

    /** @return 1,000 orders from 8 clients, 10 % declined, 5 timeouts, 200 transfers, in memory */
    public static DemoOptions defaults() {
        return new DemoOptions(1_000, 8, 0.10, 5, 200, null, "cairn", null, null, false);
    }

    public DemoOptions withOrders(int orders, int clients) {
        return new DemoOptions(orders, clients, declined, Math.min(timeouts, orders), transfers, mongoUri, database,
                               data, report, json);
    }

    public DemoOptions withTransfers(int transfers) {
        return new DemoOptions(orders, clients, declined, timeouts, transfers, mongoUri, database, data, report, json);
    }

    public DemoOptions withReport(Path report, boolean json) {
        return new DemoOptions(orders, clients, declined, timeouts, transfers, mongoUri, database, data, report, json);
    }

    public DemoOptions withStorage(String mongoUri, String database, Path data) {
        return new DemoOptions(orders, clients, declined, timeouts, transfers, mongoUri, database, data, report, json);
    }
}
