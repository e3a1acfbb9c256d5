package com.example.boot.ledger;

import com.example.boot.ledger.LedgerMessages.Deposited;
import com.mongodb.client.model.Updates;
import dev.cairn.projections.ReadModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

import java.util.concurrent.atomic.AtomicInteger;

/** A Cairn projection declared the Axon way: a bean in a processing group whose handler takes a {@link ReadModel}. */
@Component
@ProcessingGroup("balances")
public class Balances {

    private final AtomicInteger handled = new AtomicInteger();

    @EventHandler
    void on(Deposited event, ReadModel readModel) {
        handled.incrementAndGet();
        readModel.collection("balances").update(event.accountId(), Updates.inc("balance", event.amount()));
    }

    /** @return how many events the handler received (once each, unless registered twice) */
    public int handled() {
        return handled.get();
    }
}
