package dev.cairn.samples.demo;

import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import com.example.samples.bank.BankMessages.OpenAccount;
import com.example.samples.bank.BankMessages.TransferMoney;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.MetaData;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bank transfers between this run's accounts, each sent by three clients at once with one idempotency key, as a client
 * that retries after a timeout does: each transfer is applied at most once.
 */
final class BankWorkload {

    static final int ACCOUNTS = 40;
    static final long OPENING_BALANCE = 1_000;
    static final int COPIES = 3;

    private final CairnApplication app;
    private final DemoOptions options;
    private final String run;

    BankWorkload(CairnApplication app, DemoOptions options, String run) {
        this.app = app;
        this.options = options;
        this.run = run;
    }

    void prepare() {
        for (int a = 0; a < ACCOUNTS; a++) {
            app.commandGateway().sendAndWait(new OpenAccount(account(a), OPENING_BALANCE));
        }
    }

    /** @return the number of sends (transfers times copies), and counts refused ones (insufficient funds) */
    long transfer(AtomicLong sent, AtomicLong refused) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(COPIES * 2);
        try {
            List<Future<?>> copies = new ArrayList<>();
            for (int t = 0; t < options.transfers(); t++) {
                SplittableRandom random = new SplittableRandom(t);
                int from = random.nextInt(ACCOUNTS);
                int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                TransferMoney transfer = new TransferMoney(run + "-transfer-" + t, account(from), account(to),
                                                           1 + random.nextInt(400));
                for (int copy = 0; copy < COPIES; copy++) {
                    copies.add(clients.submit(() -> {
                        try {
                            app.commandGateway().sendAndWait(GenericCommandMessage.asCommandMessage(transfer)
                                    .andMetaData(MetaData.with(Cairn.IDEMPOTENCY_KEY, transfer.transferId())));
                        } catch (RuntimeException e) {
                            refused.incrementAndGet();
                        }
                        sent.incrementAndGet();
                    }));
                }
            }
            for (Future<?> copy : copies) {
                copy.get();
            }
        } finally {
            clients.shutdownNow();
        }
        return (long) options.transfers() * COPIES;
    }

    String account(int index) {
        return run + "-account-" + index;
    }
}
