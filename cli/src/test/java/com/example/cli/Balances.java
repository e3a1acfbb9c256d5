package com.example.cli;

import com.example.bank.Bank;
import com.mongodb.client.model.Updates;
import dev.cairn.projections.ReadModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/**
 * The test projection: one document per account with its balance and deposit count. Deposits into accounts whose
 * identifier starts with {@code poison-} fail while {@link #poisoned} is set, so tests get dead letters.
 */
@ProcessingGroup(Balances.NAME)
public class Balances {

    public static final String NAME = "balances";
    public static final String ACCOUNTS = "balances";

    /**
     * Whether deposits into {@code poison-} accounts fail (a bug, fixed by setting it to false); a launcher process
     * started with {@code -Dcairn.test.healed=true} has the fix.
     */
    public static volatile boolean poisoned = !Boolean.getBoolean("cairn.test.healed");

    @EventHandler
    public void on(Bank.AccountOpened event, ReadModel readModel) {
        readModel.collection(ACCOUNTS).update(event.accountId(), Updates.set("open", true));
    }

    @EventHandler
    public void on(Bank.MoneyDeposited event, ReadModel readModel) {
        if (poisoned && event.accountId().startsWith("poison-")) {
            throw new IllegalStateException("Cannot book a deposit into " + event.accountId());
        }
        readModel.collection(ACCOUNTS).update(event.accountId(), Updates.combine(Updates.inc("balance", event.amount()),
                                                                                 Updates.inc("deposits", 1)));
    }
}
