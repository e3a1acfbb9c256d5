package com.example.ledger;

import com.example.ledger.Ledger.AccountOpened;
import com.example.ledger.Ledger.Deposited;
import com.mongodb.client.model.Updates;
import dev.cairn.projections.ReadModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/**
 * A projection that only knows the current event types.
 */
@ProcessingGroup("ledger-balances")
public class LedgerBalances {

    @EventHandler
    void on(AccountOpened event, ReadModel readModel) {
        readModel.collection("ledger_balances").update(event.accountId(), Updates.combine(
                Updates.set("owner", event.owner()), Updates.set("cents", 0L)));
    }

    @EventHandler
    void on(Deposited event, ReadModel readModel) {
        readModel.collection("ledger_balances").update(event.accountId(), Updates.inc("cents",
                                                                                      event.amountInCents()));
    }
}
