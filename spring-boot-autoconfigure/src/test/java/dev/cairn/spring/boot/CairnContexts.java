package dev.cairn.spring.boot;

import com.example.boot.shop.ShopApplication;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.UUID;

/** Application contexts of the tests: the shop application on the test's MongoDB, with Cairn's defaults applied. */
final class CairnContexts {

    private CairnContexts() {
    }

    /**
     * @return a runner of {@link ShopApplication} (full auto-configuration, Axon's included) on {@code target}, in a
     * database of its own, with {@link CairnEnvironmentPostProcessor}'s defaults as a Spring Boot application gets them
     */
    static ApplicationContextRunner shop(MongoTarget target) {
        return shopWithoutDatabase()
                .withPropertyValues("cairn.mongo.uri=" + target.connectionString(),
                                    "cairn.mongo.database=boot_" + UUID.randomUUID().toString().substring(0, 8),
                                    "axon.eventhandling.processors.orderList.mode=pooled",
                                    "axon.eventhandling.processors.orderList.initial-segment-count=1",
                                    "axon.eventhandling.processors.orderList.token-claim-interval=100",
                                    "axon.eventhandling.processors.orderList.token-claim-interval-time-unit="
                                            + "milliseconds");
    }

    /** @return a runner of {@link ShopApplication} with no database set */
    static ApplicationContextRunner shopWithoutDatabase() {
        return new ApplicationContextRunner()
                .withInitializer(context -> new CairnEnvironmentPostProcessor()
                        .postProcessEnvironment(context.getEnvironment(), null))
                .withUserConfiguration(ShopApplication.class);
    }
}
