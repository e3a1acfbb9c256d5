package dev.cairn.cli.testapp;

import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bank's history written straight through the engine: {@code accounts} accounts with deposits of 1, 2, 3...
 * interleaved, {@code perCommit} events per commit; and the balances it must produce.
 */
public final class BankHistory {

    private final Map<String, Long> balances = new LinkedHashMap<>();
    private long events;

    public static BankHistory write(MongoDatabase database, String prefix, int accounts, int depositsPerAccount,
                                    int perCommit) {
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        BankHistory history = new BankHistory();
        for (int a = 0; a < accounts; a++) {
            history.balances.put(prefix + a, 0L);
        }
        for (int from = 0; from <= depositsPerAccount; from += perCommit) {
            for (int a = 0; a < accounts; a++) {
                String id = prefix + a;
                List<DomainEventMessage<?>> commit = new ArrayList<>();
                for (int n = from; n < Math.min(from + perCommit, depositsPerAccount + 1); n++) {
                    Object payload = n == 0 ? new Bank.AccountOpened(id) : new Bank.MoneyDeposited(id, n);
                    commit.add(new GenericDomainEventMessage<>("Account", id, n, payload));
                    if (n > 0) {
                        history.balances.merge(id, (long) n, Long::sum);
                    }
                }
                engine.appendEvents(commit);
                history.events += commit.size();
            }
        }
        return history;
    }

    public Map<String, Long> balances() {
        return balances;
    }

    public long events() {
        return events;
    }
}
