package dev.cairn.sagas.deadline;

import com.mongodb.client.MongoDatabase;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.sagas.MongoDeadlineManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.integrationtests.deadline.AbstractDeadlineManagerTestSuite;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

/**
 * Axon's own deadline manager contract, all of it (cancel-all cases included), on {@link MongoDeadlineManager}: the
 * suite's aggregate and saga schedule, cancel and receive deadlines through the embedded server (or a real MongoDB).
 */
@ExtendWith(EmbeddedMongoExtension.class)
class MongoDeadlineManagerAxonSuiteTest extends AbstractDeadlineManagerTestSuite {

    private static MongoDatabase database;

    @BeforeAll
    static void database(MongoDatabase shared) {
        database = shared;
    }

    @Override
    public DeadlineManager buildDeadlineManager(Configuration configuration) {
        return MongoDeadlineManager.builder()
                                   .database(database)
                                   .scopeAwareProvider(new ConfigurationScopeAwareProvider(configuration))
                                   .spanFactory(configuration.getComponent(DeadlineManagerSpanFactory.class))
                                   .pollInterval(Duration.ofMillis(50))
                                   .build();
    }
}
