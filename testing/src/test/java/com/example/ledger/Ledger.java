package com.example.ledger;

import org.axonframework.serialization.Revision;

/**
 * The events of a small ledger, in their current form. {@code Deposited} is at revision 2: revision 1 (stored without
 * a revision) held {@code amount} in euros.
 */
public final class Ledger {

    private Ledger() {
    }

    public record AccountOpened(String accountId, String owner) {
    }

    @Revision("2")
    public record Deposited(String accountId, long amountInCents) {
    }
}
