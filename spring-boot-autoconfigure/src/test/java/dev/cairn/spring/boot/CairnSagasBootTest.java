package dev.cairn.spring.boot;

import com.example.boot.ledger.LedgerContexts;
import com.example.boot.ledger.LargeDepositReview;
import com.example.boot.ledger.LedgerMessages.Charged;
import com.example.boot.ledger.LedgerMessages.Deposit;
import com.example.boot.ledger.ReviewDesk;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import dev.cairn.sagas.SagaCommands;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @Saga} classes in a Spring Boot application take {@link SagaCommands} and the application's beans as handler
 * parameters.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class CairnSagasBootTest {

    @Test
    void aSagaHandlerTakesSagaCommandsAndASpringBeanAndItsCommandIsExecuted(MongoTarget target) {
        LedgerContexts.ledger(target).run(context -> {
            // given
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(SagaCommands.class)).isNotNull();

            // when
            context.getBean(CommandGateway.class).sendAndWait(new Deposit("account-9", LargeDepositReview.LARGE));

            // then: the bean parameter was the application's bean, and the saga's command was executed
            MongoEventStorageEngine engine = context.getBean(MongoEventStorageEngine.class);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                    engine.readEvents("fee-account-9").asStream().map(event -> (Object) event.getPayload()))
                    .containsExactly(new Charged("fee-account-9", 5)));
            assertThat(context.getBean(ReviewDesk.class).reviewed()).containsExactly("account-9");
        });
    }
}
