package com.example.samples.bank;

import dev.cairn.aggregates.Cairn;
import dev.cairn.projections.CairnProjections;

/** The bank sample assembled: accounts, the transfer handler, balances and a ledger. */
public final class BankSample {

    private BankSample() {
    }

    /** @return {@code cairn} with accounts and the transfer handler */
    public static Cairn.Builder aggregates(Cairn.Builder cairn) {
        return cairn.aggregate(Account.class)
                    .configure(configurer -> configurer.registerCommandHandler(
                            c -> new Transfers(c.repository(Account.class))));
    }

    /** Adds the sample's projections to {@code projections}. */
    public static CairnProjections.Builder projections(CairnProjections.Builder projections) {
        return projections.projection(new Balances(), o -> o.owns(Balances.COLLECTION))
                          .projection(new Ledger(), o -> o.owns(Ledger.COLLECTION));
    }
}
