package com.example.projections.killed;

import com.example.bank.Account;
import com.example.bank.Bank;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.cairn.aggregates.Cairn;
import dev.cairn.projections.CairnProjections;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MessageIdentifier;

import java.io.FileWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Duration;

/**
 * The process {@link KilledWriteLessProjectionTest} kills: it runs projection {@code deposit-tally} with a handler
 * that writes nothing to storage (its batches defer their tokens, ADR 90) and appends each deposit's identifier to a
 * file, one line each, flushed at once, so the parent sees what it handled. It runs until killed.
 * <p>
 * Arguments: connection string, database, the file to append to.
 */
public final class WriteLessProcess {

    private WriteLessProcess() {
    }

    public static void main(String[] args) throws Exception {
        MongoClient client = MongoClients.create(args[0]);
        DepositLog log = new DepositLog(new FileWriter(args[2], true));
        Cairn.builder().database(client.getDatabase(args[1])).aggregate(Account.class)
             .extension(projections("killed-node", log).extension()).start();
        System.out.println("running");
        Thread.sleep(Duration.ofSeconds(60).toMillis());
        System.out.println("never killed");
        System.exit(3);
    }

    /** The projection as both processes run it: batches of one event, a short claim timeout. */
    static CairnProjections projections(String nodeId, Object handler) {
        return CairnProjections.builder()
                               .projection(handler, o -> o.batchSize(1).segments(2))
                               .tokenStore(store -> store.nodeId(nodeId).claimTimeout(Duration.ofSeconds(1)))
                               .build();
    }

    /** Appends every deposit's identifier to a file: an effect outside Cairn's read model. */
    @ProcessingGroup("deposit-tally")
    static final class DepositLog {
        private final Writer out;

        DepositLog(Writer out) {
            this.out = out;
        }

        @EventHandler
        public synchronized void on(Bank.MoneyDeposited event, @MessageIdentifier String id) {
            try {
                out.write(id + "\n");
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
