package com.example.projections;

import com.example.bank.Bank;
import com.mongodb.client.model.Updates;
import dev.cairn.projections.ReadModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/**
 * A realistic projection: one document per account (its balance and deposit count) and one summary document fed by
 * every account, both with commutative updates.
 */
@ProcessingGroup("balances")
public class Balances {

    public static final String ACCOUNTS = "balances";
    public static final String TOTALS = "bank_totals";

    @EventHandler
    public void on(Bank.AccountOpened event, ReadModel readModel) {
        readModel.collection(ACCOUNTS).update(event.accountId(), Updates.set("open", true));
        readModel.collection(TOTALS).update("all", Updates.inc("accounts", 1));
    }

    @EventHandler
    public void on(Bank.MoneyDeposited event, ReadModel readModel) {
        readModel.collection(ACCOUNTS).update(event.accountId(), Updates.combine(Updates.inc("balance", event.amount()),
                                                                                 Updates.inc("deposits", 1)));
        readModel.collection(TOTALS).update("all", Updates.combine(Updates.inc("total", event.amount()),
                                                                   Updates.inc("deposits", 1)));
    }
}
