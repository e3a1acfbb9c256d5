package com.example.projections.killed;

import com.example.bank.Account;
import com.example.projections.Balances;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.projections.CairnProjections;
import dev.cairn.projections.RebuildMode;
import dev.cairn.projections.RebuildOptions;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process {@link KilledRebuildTest} kills: it builds projection {@code balances}, starts a rebuild of it in the
 * given mode (batches of 200), and once the rebuild has written the summary collection {@code writes} times it holds
 * the thread that wrote it, inside the driver, after the write was acknowledged and before the batch's token is stored,
 * and prints {@code written}: the parent then kills it with SIGKILL in the middle of a batch.
 * <p>
 * Arguments: connection string, database, mode ({@code IN_PLACE} or {@code BLUE_GREEN}), writes before holding, the
 * head position to build to first.
 */
public final class RebuildProcess {

    private RebuildProcess() {
    }

    public static void main(String[] args) throws Exception {
        RebuildMode mode = RebuildMode.valueOf(args[2]);
        String summary = mode == RebuildMode.BLUE_GREEN ? Balances.TOTALS + "__v2" : Balances.TOTALS;
        HoldAfterWrites hold = new HoldAfterWrites(summary, Integer.parseInt(args[3]));
        MongoClient client = MongoClients.create(MongoClientSettings.builder()
                                                                    .applyConnectionString(
                                                                            new ConnectionString(args[0]))
                                                                    .addCommandListener(hold).build());
        CairnProjections projections = KilledRebuildTest.projections("killed-node");
        CairnApplication app = Cairn.builder().database(client.getDatabase(args[1]))
                                    .aggregate(Account.class)
                                    .extension(projections.extension()).start();
        long head = Long.parseLong(args[4]);
        if (!projections.awaitCaughtUp("balances", head, Duration.ofSeconds(60))) {
            System.out.println("not caught up");
            System.exit(2);
        }
        hold.arm();
        projections.rebuild("balances", RebuildOptions.defaults().mode(mode).batchSize(200));
        System.out.println("rebuilding");
        Thread.sleep(Duration.ofSeconds(60).toMillis());
        System.out.println("never killed");
        app.close();
    }

    /** Holds a thread forever after the given number of acknowledged updates of one collection. */
    private static final class HoldAfterWrites implements CommandListener {
        private final String collection;
        private final AtomicInteger remaining;
        private final AtomicBoolean armed = new AtomicBoolean();
        private final Map<Integer, String> targets = new ConcurrentHashMap<>();

        private HoldAfterWrites(String collection, int writes) {
            this.collection = collection;
            this.remaining = new AtomicInteger(writes);
        }

        void arm() {
            armed.set(true);
        }

        @Override
        public void commandStarted(CommandStartedEvent event) {
            if ("update".equals(event.getCommandName())) {
                targets.put(event.getRequestId(), event.getCommand().getString("update").getValue());
            }
        }

        @Override
        public void commandSucceeded(CommandSucceededEvent event) {
            String target = targets.remove(event.getRequestId());
            if (!armed.get() || !collection.equals(target) || remaining.decrementAndGet() > 0) {
                return;
            }
            if (remaining.get() == 0) {
                System.out.println("written");
                System.out.flush();
            }
            try {
                Thread.sleep(Long.MAX_VALUE); // the write is acknowledged; its batch's token is never stored
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
