package com.example.tenants;

import com.example.bank.Bank;
import com.mongodb.client.model.Updates;
import dev.cairn.aggregates.Cairn;
import dev.cairn.projections.ReadModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MetaDataValue;

/**
 * Balances of the shared store's tenants: one processor over the shared store, each handler taking the tenant from the
 * event's metadata and keeping it in the row, so that queries of a tenant filter on it.
 */
@ProcessingGroup("shared-balances")
public class SharedTenantBalances {

    @EventHandler
    void on(Bank.AccountOpened event, @MetaDataValue(value = Cairn.TENANT_KEY, required = true) String tenantId,
            ReadModel readModel) {
        readModel.collection("shared_balances").update(event.accountId(), Updates.combine(
                Updates.set("tenantId", tenantId), Updates.set("balance", 0L)));
    }

    @EventHandler
    void on(Bank.MoneyDeposited event, @MetaDataValue(value = Cairn.TENANT_KEY, required = true) String tenantId,
            ReadModel readModel) {
        readModel.collection("shared_balances").update(event.accountId(), Updates.combine(
                Updates.set("tenantId", tenantId), Updates.inc("balance", event.amount())));
    }
}
