package dev.cairn.sagas.deadline;

import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.deadline.SimpleDeadlineManager;
import org.axonframework.integrationtests.deadline.AbstractDeadlineManagerTestSuite;

/**
 * The reference run of Axon's deadline manager suite: Axon's own in-memory {@link SimpleDeadlineManager} through the
 * same suite, built the same way as {@link MongoDeadlineManagerAxonSuiteTest} builds Cairn's manager (the
 * configuration's scopes and span factory).
 * <p>
 * It documents that the suite's timing margins are Axon's, not Cairn's: its deadlines are due 100 ms ahead (the suite's
 * private {@code DEADLINE_TIMEOUT}, not settable by a subclass) and the cancel tests pass only when the cancel
 * reaches the manager before then. On a loaded machine Axon's manager misses that margin as well when its path is
 * slow (a fresh JVM); {@link MongoDeadlineManagerAxonSuiteTest} records the measured comparison.
 */
class AxonSimpleDeadlineManagerSuiteTest extends AbstractDeadlineManagerTestSuite {

    @Override
    public DeadlineManager buildDeadlineManager(Configuration configuration) {
        return SimpleDeadlineManager.builder()
                                    .scopeAwareProvider(new ConfigurationScopeAwareProvider(configuration))
                                    .spanFactory(configuration.getComponent(DeadlineManagerSpanFactory.class))
                                    .build();
    }
}
