package dev.cairn.benchmarks.internal;

import com.mongodb.client.model.Updates;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.projections.ReadModel;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The bank the projection scenarios build read models of: deposits into accounts, a realistic projection (one
 * document per account plus one summary document fed by all accounts) and the aggregate for live commands.
 */
public final class BenchBank {

    public static final String ACCOUNTS = "bench_balances";
    public static final String TOTALS = "bench_totals";

    private BenchBank() {
    }

    public record Deposit(@TargetAggregateIdentifier String accountId, long amount) {
    }

    public record MoneyDeposited(String accountId, long amount) {
    }

    /**
     * Appends {@code events} deposits over {@code accounts} accounts, ten events per commit.
     */
    public static void populate(MongoEventStorageEngine engine, int events, int accounts) {
        long[] next = new long[accounts];
        List<DomainEventMessage<?>> commit = new ArrayList<>(10);
        for (int i = 0; i < events; i++) {
            int account = (i / 10) % accounts;
            String id = "account-" + account;
            commit.add(new GenericDomainEventMessage<>("BenchAccount", id, next[account]++,
                                                       new MoneyDeposited(id, 1 + i % 100)));
            if (commit.size() == 10 || i == events - 1) {
                engine.appendEvents(commit);
                commit = new ArrayList<>(10);
            }
        }
    }

    /**
     * A handler that notes when it first handled an event ({@link System#nanoTime()}), so that a rate can be measured
     * after start-up: from the first handled event, as the baselines measure from the first document they read.
     */
    public abstract static class Timed {
        private final AtomicLong firstHandled = new AtomicLong();

        /** @return {@link System#nanoTime()} when the first event was handled, or 0 before */
        public long firstHandledNanos() {
            return firstHandled.get();
        }

        protected final void handled() {
            if (firstHandled.get() == 0) {
                firstHandled.compareAndSet(0, System.nanoTime());
            }
        }
    }

    /** The projection Cairn runs: per-account balance and deposit count, and a bank-wide summary. */
    @ProcessingGroup("bench-balances")
    public static class Balances extends Timed {
        @EventHandler
        void on(MoneyDeposited event, ReadModel readModel) {
            handled();
            readModel.collection(ACCOUNTS).update(event.accountId(), Updates.combine(
                    Updates.inc("balance", event.amount()), Updates.inc("deposits", 1)));
            readModel.collection(TOTALS).update("all", Updates.combine(
                    Updates.inc("total", event.amount()), Updates.inc("deposits", 1)));
        }
    }

    /** The same processor with a handler that writes nothing: what reading, dispatching and tokens cost alone. */
    @ProcessingGroup("bench-noop")
    public static class Noop extends Timed {
        @EventHandler
        void on(MoneyDeposited event) {
            // nothing else: measures the processor without read-model writes
            handled();
        }
    }

    /** An account that takes deposits, for the latency scenario's commands. */
    public static class BenchAccount {
        @AggregateIdentifier
        private String accountId;

        protected BenchAccount() {
        }

        @CommandHandler
        public void handle(Deposit command) {
            apply(new MoneyDeposited(command.accountId(), command.amount()));
        }

        @EventSourcingHandler
        void on(MoneyDeposited event) {
            this.accountId = event.accountId();
        }
    }
}
