package com.example.samples.bank;

import com.mongodb.client.model.Updates;
import dev.cairn.projections.ReadModel;
import com.example.samples.bank.BankMessages.MoneyCredited;
import com.example.samples.bank.BankMessages.MoneyDebited;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/** One document per transfer: from, to, amount, whether both sides are booked. */
@ProcessingGroup(Ledger.NAME)
public class Ledger {

    public static final String NAME = "bank-ledger";
    public static final String COLLECTION = "bank_ledger";

    @EventHandler
    public void on(MoneyDebited event, ReadModel readModel) {
        readModel.collection(COLLECTION).update(event.transferId(), Updates.combine(
                Updates.set("from", event.accountId()), Updates.set("to", event.to()),
                Updates.set("amount", event.amount()), Updates.inc("sides", 1)));
    }

    @EventHandler
    public void on(MoneyCredited event, ReadModel readModel) {
        readModel.collection(COLLECTION).update(event.transferId(), Updates.combine(
                Updates.set("from", event.from()), Updates.set("to", event.accountId()),
                Updates.set("amount", event.amount()), Updates.inc("sides", 1)));
    }
}
