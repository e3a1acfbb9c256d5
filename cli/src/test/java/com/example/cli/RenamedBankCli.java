package com.example.cli;

import com.example.bank.Account;
import dev.cairn.aggregates.Cairn;
import dev.cairn.cli.CliApplication;
import dev.cairn.projections.CairnProjections;

/**
 * The test bank with its own collection names: events in {@value #EVENTS}, projection tokens in {@value #TOKENS}.
 */
public final class RenamedBankCli implements CliApplication {

    public static final String EVENTS = "bank_events";
    public static final String TOKENS = "bank_tokens";

    @Override
    public CairnProjections projections() {
        return CairnProjections.builder().projection(new Balances(), o -> o.owns(Balances.ACCOUNTS))
                               .tokenStore(tokens -> tokens.collectionName(TOKENS)).build();
    }

    @Override
    public Cairn.Builder configure(Cairn.Builder cairn) {
        return cairn.aggregate(Account.class).eventStorage(engine -> engine.eventCollectionName(EVENTS));
    }
}
