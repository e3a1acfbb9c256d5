package com.example.ledger;

import com.example.ledger.Ledger.AccountOpened;
import com.example.ledger.Ledger.Deposited;
import dev.cairn.testing.ProjectionFixture;

/**
 * A projection test as a JVM of its own runs it, for {@link ProjectionFixtureLogsTest}.
 */
public final class QuietProjectionFixtureMain {

    static final String DONE = "projection fixture run done";

    private QuietProjectionFixtureMain() {
    }

    public static void main(String[] args) {
        ProjectionFixture.forProjection(new LedgerBalances())
                         .owning("ledger_balances")
                         .given("acc-1", new AccountOpened("acc-1", "ada"), new Deposited("acc-1", 100))
                         .whenProcessed()
                         .expectDocumentCount("ledger_balances", 1);
        System.out.println(DONE);
        System.exit(0); // the fixtures' shared server lives as long as the JVM, as in a test run
    }
}
