package com.example.boot.ledger;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application of the tests with a projection ({@link Balances}), an aggregate with a snapshot threshold
 * ({@link Account}) and one without ({@link Card}); its package is the default allow-list of stored types.
 */
@SpringBootApplication
public class LedgerApplication {
}
