package com.example.testing.evolution;

/**
 * Case 3, a class renamed and moved: stored as {@code com.example.legacy.MoneyWithdrawn} before, upcasted by
 * {@link EvolutionUpcasters#withdrawnRenamed()}.
 */
public record Withdrawn(String accountId, long amountInCents) {
}
