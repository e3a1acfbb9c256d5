package com.example.cli;

import com.example.bank.Account;
import dev.cairn.aggregates.Cairn;
import dev.cairn.cli.CliApplication;
import dev.cairn.projections.CairnProjections;

/**
 * The test application as the command line sees it; registered in
 * {@code META-INF/services/dev.cairn.cli.CliApplication} for the launcher run as a separate process.
 */
public final class BankCli implements CliApplication {

    @Override
    public CairnProjections projections() {
        return CairnProjections.builder().projection(new Balances(), o -> o.owns(Balances.ACCOUNTS)).build();
    }

    @Override
    public Cairn.Builder configure(Cairn.Builder cairn) {
        return cairn.aggregate(Account.class);
    }
}
