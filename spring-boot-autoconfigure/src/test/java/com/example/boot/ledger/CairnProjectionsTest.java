package com.example.boot.ledger;

import com.example.boot.ledger.LedgerMessages.Deposit;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import dev.cairn.projections.CairnProjections;
import dev.cairn.projections.ProjectionState;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Beans in a {@code @ProcessingGroup} whose handlers take a {@code ReadModel} are Cairn projections in a Spring Boot
 * application, with their options from {@code cairn.projections.<name>.*}.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class CairnProjectionsTest {

    @Test
    void aReadModelHandlerBeanIsAProjectionWithItsPropertiesAndHandlesEachEventOnce(MongoTarget target) {
        LedgerContexts.ledger(target).run(context -> {
            // given
            assertThat(context).hasNotFailed();
            CairnProjections projections = context.getBean(CairnProjections.class);
            CommandGateway commands = context.getBean(CommandGateway.class);

            // when
            commands.sendAndWait(new Deposit("account-1", 40));
            commands.sendAndWait(new Deposit("account-1", 2));
            long position = context.getBean(MongoEventStorageEngine.class).lastAppendedPosition().orElseThrow();

            // then: a projection named by its processing group, with the segments of its property
            assertThat(projections.names()).containsExactly("balances");
            assertThat(projections.awaitCaughtUp("balances", position, Duration.ofSeconds(10))).isTrue();
            assertThat(projections.readModel("balances").collection("balances").find("account-1"))
                    .hasValueSatisfying(balance -> assertThat(balance.get("balance")).isEqualTo(42L));
            assertThat(projections.status("balances").state()).isEqualTo(ProjectionState.RUNNING);
            assertThat(projections.tokenStore().fetchSegments("balances")).hasSize(1);
            // and: Axon's own registration of the bean was withdrawn, so each event reached the handler once
            assertThat(context.getBean(Balances.class).handled()).isEqualTo(2);
        });
    }

    @Test
    void propertiesOfAnUnknownProjectionFailStartUpNamingTheProperty(MongoTarget target) {
        LedgerContexts.ledger(target).withPropertyValues("cairn.projections.balance.segments=4").run(context -> {
            // then
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("cairn.projections.balance")
                                                   .hasMessageContaining("balances");
        });
    }
}
