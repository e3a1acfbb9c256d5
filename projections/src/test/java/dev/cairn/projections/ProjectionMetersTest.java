package dev.cairn.projections;

import com.example.bank.Account;
import com.example.bank.Bank.Deposit;
import com.example.bank.Bank.OpenAccount;
import com.example.projections.Balances;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projection gauges of {@code Cairn.builder().meterRegistry(...)} follow the projection's status.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class ProjectionMetersTest {

    @Test
    void theGaugesOfAProjectionFollowItsPosition(MongoDatabase database) throws Exception {
        // Given
        MeterRegistry registry = new SimpleMeterRegistry();
        CairnProjections projections = CairnProjections.builder()
                                                       .projection(new Balances(), o -> o.owns(Balances.ACCOUNTS,
                                                                                               Balances.TOTALS))
                                                       .build();
        try (CairnApplication app = Cairn.builder().database(database).aggregate(Account.class)
                                         .extension(projections.extension()).meterRegistry(registry).start()) {
            // When
            app.commandGateway().sendAndWait(new OpenAccount("a-1"));
            app.commandGateway().sendAndWait(new Deposit("a-1", 100));
            long position = app.lastAppendedPosition().orElseThrow();
            assertThat(projections.awaitCaughtUp("balances", position, Duration.ofSeconds(10))).isTrue();
            Thread.sleep(1_100); // past the gauges' one-second cache

            // Then
            assertThat(gauge(registry, ProjectionMeters.POSITION)).isEqualTo(position);
            assertThat(gauge(registry, ProjectionMeters.LAG_EVENTS)).isZero();
            assertThat(gauge(registry, ProjectionMeters.LAG_SECONDS)).isZero();
            assertThat(gauge(registry, ProjectionMeters.DEAD_LETTERS)).isZero();
        }
    }

    private static double gauge(MeterRegistry registry, String name) {
        return registry.get(name).tag(ProjectionMeters.PROJECTION, "balances").gauge().value();
    }
}
