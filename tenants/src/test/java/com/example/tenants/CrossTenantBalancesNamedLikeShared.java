package com.example.tenants;

import com.example.bank.Bank;
import com.mongodb.client.model.Updates;
import dev.cairn.aggregates.Cairn;
import dev.cairn.projections.ReadModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MetaDataValue;

/**
 * A cross-tenant projection given the processor name of the shared store's {@link SharedTenantBalances}: both would
 * run on the directory database and its token store.
 */
@ProcessingGroup("shared-balances")
public class CrossTenantBalancesNamedLikeShared {

    @EventHandler
    void on(Bank.AccountOpened event, @MetaDataValue(Cairn.TENANT_KEY) String tenant, ReadModel readModel) {
        readModel.collection("cross_balances").update(tenant + "/" + event.accountId(), Updates.inc("opened", 1));
    }
}
