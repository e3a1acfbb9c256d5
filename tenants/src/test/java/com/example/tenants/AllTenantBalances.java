package com.example.tenants;

import com.example.bank.Bank;
import com.mongodb.client.model.Updates;
import dev.cairn.aggregates.Cairn;
import dev.cairn.projections.ReadModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MetaDataValue;

/** A projection of balances across tenants: one document per tenant and account, in the directory database. */
@ProcessingGroup("all-tenant-balances")
public class AllTenantBalances {

    public static final String COLLECTION = "all_tenant_balances";

    @EventHandler
    void on(Bank.AccountOpened event, @MetaDataValue(Cairn.TENANT_KEY) String tenant, ReadModel readModel) {
        readModel.collection(COLLECTION).update(tenant + "/" + event.accountId(),
                                                Updates.combine(Updates.set("tenant", tenant),
                                                                Updates.inc("opened", 1)));
    }

    @EventHandler
    void on(Bank.MoneyDeposited event, @MetaDataValue(Cairn.TENANT_KEY) String tenant, ReadModel readModel) {
        readModel.collection(COLLECTION).update(tenant + "/" + event.accountId(),
                                                Updates.combine(Updates.inc("balance", event.amount()),
                                                                Updates.inc("deposits", 1)));
    }
}
