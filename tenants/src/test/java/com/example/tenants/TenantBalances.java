package com.example.tenants;

import com.example.bank.Bank;
import com.mongodb.client.model.Updates;
import dev.cairn.projections.ReadModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/** A projection of balances, run per tenant in each tenant's application. */
@ProcessingGroup("tenant-balances")
public class TenantBalances {

    @EventHandler
    void on(Bank.AccountOpened event, ReadModel readModel) {
        readModel.collection("tenant_balances").update(event.accountId(), Updates.set("balance", 0L));
    }

    @EventHandler
    void on(Bank.MoneyDeposited event, ReadModel readModel) {
        readModel.collection("tenant_balances").update(event.accountId(), Updates.inc("balance", event.amount()));
    }
}
