package com.example.samples.bank;

import com.mongodb.client.model.Updates;
import dev.cairn.projections.ReadModel;
import com.example.samples.bank.BankMessages.AccountOpened;
import com.example.samples.bank.BankMessages.MoneyCredited;
import com.example.samples.bank.BankMessages.MoneyDebited;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/** The balance of every account. */
@ProcessingGroup(Balances.NAME)
public class Balances {

    public static final String NAME = "bank-balances";
    public static final String COLLECTION = "bank_balances";

    @EventHandler
    public void on(AccountOpened event, ReadModel readModel) {
        readModel.collection(COLLECTION).update(event.accountId(), Updates.inc("balance", event.balance()));
    }

    @EventHandler
    public void on(MoneyDebited event, ReadModel readModel) {
        readModel.collection(COLLECTION).update(event.accountId(), Updates.inc("balance", -event.amount()));
    }

    @EventHandler
    public void on(MoneyCredited event, ReadModel readModel) {
        readModel.collection(COLLECTION).update(event.accountId(), Updates.inc("balance", event.amount()));
    }
}
