package com.example.bank;

import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A bank's history written straight through the engine, as another process of the application would have written it:
 * accounts opened and deposited into, in commits of several events, interleaved across accounts; and the read model it
 * must produce.
 */
public final class BankHistory {

    private final Map<String, Long> balances = new LinkedHashMap<>();
    private final Map<String, Long> deposits = new LinkedHashMap<>();
    private long events;

    /**
     * Appends {@code accounts} accounts with {@code depositsPerAccount} deposits each, {@code perCommit} events per
     * commit, accounts interleaved.
     */
    public static BankHistory write(MongoEventStorageEngine engine, int accounts, int depositsPerAccount,
                                    int perCommit, long seed) {
        return write(engine, "account-", accounts, depositsPerAccount, perCommit, seed);
    }

    /**
     * As {@link #write(MongoEventStorageEngine, int, int, int, long)}, with account identifiers {@code prefix + n}.
     */
    public static BankHistory write(MongoEventStorageEngine engine, String prefix, int accounts,
                                    int depositsPerAccount, int perCommit, long seed) {
        BankHistory history = new BankHistory();
        Random random = new Random(seed);
        long[] next = new long[accounts];
        int remaining = accounts * (depositsPerAccount + 1);
        while (remaining > 0) {
            for (int a = 0; a < accounts; a++) {
                List<DomainEventMessage<?>> commit = new ArrayList<>();
                String id = prefix + a;
                while (commit.size() < perCommit && next[a] <= depositsPerAccount) {
                    Object payload = next[a] == 0 ? new Bank.AccountOpened(id)
                            : new Bank.MoneyDeposited(id, 1 + random.nextInt(1_000));
                    commit.add(new GenericDomainEventMessage<>("Account", id, next[a]++, payload));
                    history.record(payload);
                }
                if (!commit.isEmpty()) {
                    engine.appendEvents(commit);
                    remaining -= commit.size();
                }
            }
        }
        return history;
    }

    /**
     * Appends, through an engine of its own on {@code database}, {@code accounts} accounts {@code prefix + n} with
     * deposits of 1, 2, 3... {@code depositsPerAccount}, {@code perCommit} events per commit, accounts interleaved
     * commit by commit.
     */
    public static BankHistory write(MongoDatabase database, String prefix, int accounts, int depositsPerAccount,
                                    int perCommit) {
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        BankHistory history = new BankHistory();
        for (int from = 0; from <= depositsPerAccount; from += perCommit) {
            for (int a = 0; a < accounts; a++) {
                String id = prefix + a;
                List<DomainEventMessage<?>> commit = new ArrayList<>();
                for (int n = from; n < Math.min(from + perCommit, depositsPerAccount + 1); n++) {
                    Object payload = n == 0 ? new Bank.AccountOpened(id) : new Bank.MoneyDeposited(id, n);
                    commit.add(new GenericDomainEventMessage<>("Account", id, n, payload));
                    history.record(payload);
                }
                engine.appendEvents(commit);
            }
        }
        return history;
    }

    private void record(Object payload) {
        events++;
        if (payload instanceof Bank.MoneyDeposited deposited) {
            balances.merge(deposited.accountId(), deposited.amount(), Long::sum);
            deposits.merge(deposited.accountId(), 1L, Long::sum);
        } else if (payload instanceof Bank.AccountOpened opened) {
            balances.putIfAbsent(opened.accountId(), 0L);
            deposits.putIfAbsent(opened.accountId(), 0L);
        }
    }

    public Map<String, Long> balances() {
        return balances;
    }

    public Map<String, Long> deposits() {
        return deposits;
    }

    public long total() {
        return balances.values().stream().mapToLong(Long::longValue).sum();
    }

    public long depositCount() {
        return deposits.values().stream().mapToLong(Long::longValue).sum();
    }

    public long events() {
        return events;
    }
}
