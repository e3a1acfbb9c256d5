package dev.cairn.aggregates;

import com.example.aggregates.testdomain.CommandLog;
import com.example.aggregates.testdomain.Commands.AddLine;
import com.example.aggregates.testdomain.Commands.PlaceOrder;
import com.mongodb.client.MongoDatabase;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The meters of {@code Cairn.builder().meterRegistry(...)}: each moves with what it counts.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class CairnMetersTest {

    @Test
    void appendsConflictsSnapshotsAndRepeatsMoveTheirMeters(MongoDatabase database) {
        // Given
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (CairnApplication app = TestApps.orders(database, new CommandLog()).meterRegistry(registry).start()) {

            // When: three events of Order, one conflicting append, one snapshot, one repeated idempotent command
            app.commandGateway().sendAndWait(new PlaceOrder("order-1", "alice"));
            app.commandGateway().sendAndWait(new AddLine("order-1", "pen", 1));
            app.commandGateway().sendAndWait(GenericCommandMessage.asCommandMessage(new AddLine("order-1", "ink", 2))
                                                                  .andMetaData(java.util.Map.of(
                                                                          Cairn.IDEMPOTENCY_KEY, "ink")));
            app.commandGateway().sendAndWait(GenericCommandMessage.asCommandMessage(new AddLine("order-1", "ink", 2))
                                                                  .andMetaData(java.util.Map.of(
                                                                          Cairn.IDEMPOTENCY_KEY, "ink")));
            var engine = app.configuration().getComponent(dev.cairn.eventstore.mongo.MongoEventStorageEngine.class);
            assertThatThrownBy(() -> engine.appendEvents(new GenericDomainEventMessage<>(
                    "Order", "order-1", 1, "late"))).isInstanceOf(ConcurrencyException.class);
            engine.storeSnapshot(new GenericDomainEventMessage<>("Order", "order-1", 2, "state"));

            // Then
            assertThat(registry.get(CairnMeters.EVENTS_APPENDED).tag(CairnMeters.AGGREGATE, "Order").counter()
                               .count()).isEqualTo(3);
            assertThat(registry.get(CairnMeters.APPEND_LATENCY).timer().count()).isEqualTo(3);
            assertThat(registry.get(CairnMeters.APPEND_CONFLICTS).tag(CairnMeters.AGGREGATE, "Order").counter()
                               .count()).isEqualTo(1);
            assertThat(registry.get(CairnMeters.SNAPSHOTS_TAKEN).tag(CairnMeters.AGGREGATE, "Order").counter()
                               .count()).isEqualTo(1);
            assertThat(registry.get(CairnMeters.IDEMPOTENT_REPEATS).functionCounter().count()).isEqualTo(1);
            assertThat(registry.get(CairnMeters.CLAIMS_LOST).functionCounter().count())
                    .isEqualTo(engine.lostClaims());
        }
    }
}
