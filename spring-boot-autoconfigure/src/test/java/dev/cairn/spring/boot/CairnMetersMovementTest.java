package dev.cairn.spring.boot;

import com.example.boot.ledger.LedgerContexts;
import com.example.boot.ledger.LedgerMessages.Charge;
import com.example.boot.ledger.LedgerMessages.Remind;
import dev.cairn.aggregates.CairnMeters;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import dev.cairn.sagas.MongoDeadlineManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.serialization.Serializer;
import org.springframework.context.annotation.Bean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The meters that only move when something goes wrong: {@code cairn.claims.lost} when another node's commit took the
 * index this node claimed, {@code cairn.deadlines.parked} when a deadline keeps failing.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class CairnMetersMovementTest {

    @Test
    void aClaimLostToAnotherNodeMovesClaimsLost(MongoTarget target) {
        LedgerContexts.ledger(target).run(context -> {
            // given: the application appended once, so it knows the head
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            CommandGateway commands = context.getBean(CommandGateway.class);
            commands.sendAndWait(new Charge("card-1", 1));
            assertThat(registry.get(CairnMeters.CLAIMS_LOST).functionCounter().count()).isZero();

            // when: another node on the same database appends, and then the application appends from its stale head
            MongoEventStorageEngine otherNode = MongoEventStorageEngine.builder()
                                                                       .database(context.getBean(CairnMongo.class)
                                                                                        .database())
                                                                       .build();
            otherNode.appendEvents(new GenericDomainEventMessage<>("Card", "card-2", 0, "charged elsewhere"));
            commands.sendAndWait(new Charge("card-1", 1));

            // then
            assertThat(registry.get(CairnMeters.CLAIMS_LOST).functionCounter().count()).isEqualTo(1);
        });
    }

    @Test
    void aDeadlineThatFailsForGoodMovesDeadlinesParked(MongoTarget target) {
        LedgerContexts.ledger(target).withUserConfiguration(OneAttemptDeadlines.class).run(context -> {
            // given
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            CommandGateway commands = context.getBean(CommandGateway.class);
            commands.sendAndWait(new Charge("card-3", 1));
            assertThat(registry.get(CairnMeters.DEADLINES_PARKED).gauge().value()).isZero();

            // when: a deadline whose handler fails (its manager parks it after one attempt)
            commands.sendAndWait(new Remind("card-3"));

            // then
            await().atMost(Duration.ofSeconds(10)).untilAsserted(
                    () -> assertThat(registry.get(CairnMeters.DEADLINES_PARKED).gauge().value()).isEqualTo(1));
        });
    }

    /** The application's own deadline manager (it wins over Cairn's), which parks a deadline after one attempt. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class OneAttemptDeadlines {

        @Bean
        MongoDeadlineManager deadlineManager(CairnMongo mongo, Serializer serializer, Configuration configuration,
                                             TransactionManager transactionManager) {
            return MongoDeadlineManager.builder().database(mongo.database()).serializer(serializer)
                                       .scopeAwareProvider(configuration.scopeAwareProvider())
                                       .transactionManager(transactionManager).maxAttempts(1).build();
        }
    }
}
