package dev.cairn.spring.boot;

import com.example.boot.ledger.LedgerContexts;
import com.example.boot.ledger.Account;
import com.example.boot.ledger.Card;
import com.example.boot.ledger.LedgerMessages.Charge;
import com.example.boot.ledger.LedgerMessages.Deposit;
import dev.cairn.aggregates.SnapshotPolicy;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import dev.cairn.snapshots.CairnSnapshots;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Snapshot thresholds of {@code @Aggregate} beans in a Spring Boot application: {@code @SnapshotEvery}, a default
 * ({@code cairn.snapshots.every}) and a property per aggregate class, which wins.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class CairnSnapshotsBootTest {

    @Test
    void anAggregateAnnotatedWithSnapshotEveryIsSnapshottedAndAnotherIsNot(MongoTarget target) {
        LedgerContexts.ledger(target).run(context -> {
            // given
            assertThat(context).hasNotFailed();
            CommandGateway commands = context.getBean(CommandGateway.class);
            MongoEventStorageEngine engine = context.getBean(MongoEventStorageEngine.class);

            // when: three events each, the threshold of Account's @SnapshotEvery(3)
            for (int i = 0; i < 3; i++) {
                commands.sendAndWait(new Deposit("account-1", 10));
                commands.sendAndWait(new Charge("card-1", 10));
            }

            // then
            assertThat(context.getBean(Configuration.class).getComponent(SnapshotPolicy.class).thresholds())
                    .isEqualTo(Map.of(Account.class, 3));
            await().atMost(Duration.ofSeconds(10))
                   .untilAsserted(() -> assertThat(engine.readSnapshot("account-1")).isPresent());
            assertThat(context.getBean(CairnSnapshots.class).metrics().taken()).isEqualTo(1L);
            assertThat(engine.readSnapshot("card-1")).isEmpty();
        });
    }

    @Test
    void aPropertyPerAggregateWinsOverTheAnnotationAndTheDefaultCoversTheRest(MongoTarget target) {
        LedgerContexts.ledger(target)
                            .withPropertyValues("cairn.snapshots.every=2", "cairn.snapshots.aggregates.Account=50")
                            .run(context -> {
                                // given
                                assertThat(context).hasNotFailed();
                                CommandGateway commands = context.getBean(CommandGateway.class);
                                MongoEventStorageEngine engine = context.getBean(MongoEventStorageEngine.class);

                                // when
                                commands.sendAndWait(new Charge("card-2", 1));
                                commands.sendAndWait(new Charge("card-2", 1));

                                // then
                                assertThat(context.getBean(CairnSnapshots.class).thresholds())
                                        .isEqualTo(Map.of(Account.class, 50, Card.class, 2));
                                await().atMost(Duration.ofSeconds(10)).untilAsserted(
                                        () -> assertThat(engine.readSnapshot("card-2")).isPresent());
                            });
    }

    @Test
    void aThresholdForAnUnknownAggregateFailsStartUpNamingTheProperty(MongoTarget target) {
        LedgerContexts.ledger(target).withPropertyValues("cairn.snapshots.aggregates.Acount=5").run(context -> {
            // then
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                                                   .hasMessageContaining("cairn.snapshots.aggregates.Acount")
                                                   .hasMessageContaining("Account");
        });
    }
}
