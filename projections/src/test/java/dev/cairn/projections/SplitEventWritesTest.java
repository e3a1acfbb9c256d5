package dev.cairn.projections;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upcaster that splits one stored event into two gives both its identifier: the read model must apply both, and
 * still each only once.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class SplitEventWritesTest {

    record Deposited(long cents) {
    }

    record FeeCharged(long cents) {
    }

    @Test
    void theHalvesOfASplitEventAreAppliedOnceEach(MongoDatabase database) {
        // Given the two halves of one stored event, sharing its identifier
        ReadModelCollection balances = ReadModel.of("balances", database, List.of("balances")).collection("balances");
        EventMessage<Deposited> deposit = half("stored-1", new Deposited(5_000));
        EventMessage<FeeCharged> fee = half("stored-1", new FeeCharged(150));

        // When both are applied, and then delivered again
        for (int delivery = 0; delivery < 2; delivery++) {
            balances.update(deposit, "acc-1", Updates.inc("cents", deposit.getPayload().cents()));
            balances.update(fee, "acc-1", Updates.inc("cents", -fee.getPayload().cents()));
        }

        // Then each changed the document exactly once
        assertThat(balances.find("acc-1").orElseThrow().getLong("cents")).isEqualTo(5_000 - 150);
    }

    private static <T> EventMessage<T> half(String identifier, T payload) {
        return new GenericEventMessage<>(identifier, payload, MetaData.emptyInstance(), Instant.EPOCH);
    }
}
