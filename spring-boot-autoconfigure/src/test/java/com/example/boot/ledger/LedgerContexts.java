package com.example.boot.ledger;

import dev.cairn.mongo.embedded.junit.MongoTarget;
import dev.cairn.spring.boot.CairnEnvironmentPostProcessor;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.UUID;

/** The ledger application as the Spring Boot tests start it: a database of its own, one segment for its projection. */
public final class LedgerContexts {

    private LedgerContexts() {
    }

    /**
     * @param target the server the test runs against
     * @return a runner of {@link LedgerApplication} on a fresh database of {@code target}
     */
    public static ApplicationContextRunner ledger(MongoTarget target) {
        return new ApplicationContextRunner()
                .withInitializer(context -> new CairnEnvironmentPostProcessor()
                        .postProcessEnvironment(context.getEnvironment(), null))
                .withUserConfiguration(LedgerApplication.class)
                .withPropertyValues("cairn.mongo.uri=" + target.connectionString(),
                                    "cairn.mongo.database=ledger_" + UUID.randomUUID().toString().substring(0, 8),
                                    "cairn.projections.balances.collections=balances",
                                    "cairn.projections.balances.segments=1");
    }
}
