package com.example.testing.evolution;

import org.axonframework.serialization.Revision;

/**
 * Case 2, a field renamed and restructured: revision 1 (stored without a revision) held {@code amount} in whole
 * euros; revision 2 holds {@code amountInCents}. {@link DepositedInCents} upcasts the old form.
 */
@Revision("2")
public record Deposited(String accountId, long amountInCents) {
}
