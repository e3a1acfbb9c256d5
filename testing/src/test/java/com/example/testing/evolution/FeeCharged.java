package com.example.testing.evolution;

/**
 * Case 4, split: an old {@code DepositedWithFee} becomes a {@link Deposited} and this ({@link DepositWithFeeSplit}).
 */
public record FeeCharged(String accountId, long feeInCents) {
}
