package com.example.testing.evolution;

import com.mongodb.client.model.Updates;
import dev.cairn.projections.ReadModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/**
 * A projection of the "Evolving events" example: it, too, only knows the current event types.
 */
@ProcessingGroup("balances")
public class Balances {

    @EventHandler
    void on(AccountOpened event, ReadModel readModel) {
        readModel.collection("balances").update(event.accountId(), Updates.combine(
                Updates.set("currency", event.currency()), Updates.set("cents", 0L), Updates.set("fees", 0L)));
    }

    @EventHandler
    void on(Deposited event, ReadModel readModel) {
        readModel.collection("balances").update(event.accountId(), Updates.inc("cents", event.amountInCents()));
    }

    @EventHandler
    void on(Withdrawn event, ReadModel readModel) {
        readModel.collection("balances").update(event.accountId(), Updates.inc("cents", -event.amountInCents()));
    }

    @EventHandler
    void on(FeeCharged event, ReadModel readModel) {
        readModel.collection("balances").update(event.accountId(), Updates.combine(
                Updates.inc("cents", -event.feeInCents()), Updates.inc("fees", event.feeInCents())));
    }
}
