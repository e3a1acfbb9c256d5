package dev.cairn.spring.boot;

import com.example.boot.shop.OrderList;
import com.example.boot.shop.ShopMessages.PlaceOrder;
import dev.cairn.aggregates.CairnMeters;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import dev.cairn.projections.ProjectionMeters;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cairn's meters in a Spring Boot application's registry move with what they count.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class CairnMetricsTest {

    @Test
    void appendsAndProjectionLagMoveTheirMeters(MongoTarget target) {
        CairnContexts.shop(target).run(context -> {
            // given
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            CommandGateway commands = context.getBean(CommandGateway.class);

            // when: three orders, each one event of aggregate type Order
            for (int i = 1; i <= 3; i++) {
                commands.sendAndWait(new PlaceOrder("order-" + i, "alice"));
            }

            // then
            assertThat(registry.get(CairnMeters.EVENTS_APPENDED).tag(CairnMeters.AGGREGATE, "Order").counter()
                               .count()).isEqualTo(3);
            assertThat(registry.get(CairnMeters.APPEND_LATENCY).timer().count()).isEqualTo(3);
            assertThat(registry.get(CairnMeters.IDEMPOTENT_REPEATS).functionCounter().count()).isZero();
            assertThat(registry.get(CairnMeters.CLAIMS_LOST).functionCounter().count()).isZero();
            assertThat(registry.get(CairnMeters.DEADLINES_PARKED).gauge().value()).isZero();
            // and: the projection's gauges follow it, position up to the head, then lag when it stops
            await().atMost(Duration.ofSeconds(10))
                   .until(() -> context.getBean(OrderList.class).customers().size() == 3);
            await().atMost(Duration.ofSeconds(10)).until(() -> gauge(registry, ProjectionMeters.LAG_EVENTS) == 0
                    && gauge(registry, ProjectionMeters.POSITION) >= 3);
            context.getBean(EventProcessingConfiguration.class).eventProcessor("orderList").orElseThrow().shutDown();
            commands.sendAndWait(new PlaceOrder("order-4", "bob"));
            await().atMost(Duration.ofSeconds(5)).until(() -> gauge(registry, ProjectionMeters.LAG_EVENTS) == 1);
            assertThat(gauge(registry, ProjectionMeters.DEAD_LETTERS)).isZero();
            assertThat(gauge(registry, ProjectionMeters.LAG_SECONDS)).isGreaterThanOrEqualTo(0);
        });
    }

    private static double gauge(MeterRegistry registry, String name) {
        return registry.get(name).tag(ProjectionMeters.PROJECTION, "orderList").gauge().value();
    }
}
