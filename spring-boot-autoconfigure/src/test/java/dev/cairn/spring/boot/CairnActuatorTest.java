package dev.cairn.spring.boot;

import com.example.boot.shop.OrderList;
import com.example.boot.shop.ShopMessages.PlaceOrder;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import dev.cairn.projections.ProjectionStatusDocument;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthEndpointGroups;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code cairn} health contributor and endpoint on the shop application with Spring Boot's actuator.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class CairnActuatorTest {

    @Test
    void healthReportsEachProjectionAndTurnsOutOfServiceOnlyAboveAConfiguredLag(MongoTarget target) {
        CairnContexts.shop(target).withPropertyValues("cairn.health.lag-threshold=0").run(context -> {
            // given: an order the projection has processed
            context.getBean(CommandGateway.class).sendAndWait(new PlaceOrder("order-1", "alice"));
            await().atMost(Duration.ofSeconds(10))
                   .until(() -> context.getBean(OrderList.class).customers().containsKey("order-1"));
            CairnHealthIndicator health = context.getBean(CairnHealthIndicator.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> health.health().getStatus().equals(Status.UP));
            assertThat(projection(health.health(), "orderList")).containsEntry("lag", 0L)
                                                                .containsEntry("state", "RUNNING");

            // when: the projection stops and an event arrives
            processor(context).shutDown();
            context.getBean(CommandGateway.class).sendAndWait(new PlaceOrder("order-2", "bob"));

            // then: above the threshold, out of service; without a threshold (the default), still up
            Health lagging = health.health();
            assertThat(lagging.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
            assertThat(projection(lagging, "orderList")).containsEntry("lag", 1L);
            assertThat(new CairnHealthIndicator(context.getBean(CairnStatus.class), null).health().getStatus())
                    .isEqualTo(Status.UP);
        });
    }

    @Test
    void healthIsDownWhenMongoDbDoesNotAnswer(MongoTarget target) {
        CairnContexts.shop(target).run(context -> {
            // given: a database no server answers for
            CairnStatus live = context.getBean(CairnStatus.class);
            try (MongoClient nowhere = MongoClients.create("mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=200")) {
                CairnMongo unreachable = new CairnMongo(nowhere, nowhere.getDatabase("shop"), "nowhere");

                // when
                Health health = new CairnHealthIndicator(new CairnStatus(unreachable, live.monitor()), null).health();

                // then
                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            }
        });
    }

    @Test
    void cairnIsInTheReadinessGroupAndNotInLiveness(MongoTarget target) {
        CairnContexts.shop(target).withPropertyValues("management.endpoint.health.probes.enabled=true")
                     .run(context -> {
                         // when
                         HealthEndpointGroups groups = context.getBean(HealthEndpointGroups.class);

                         // then
                         assertThat(groups.get("readiness").isMember("cairn")).isTrue();
                         assertThat(groups.get("readiness").isMember("readinessState")).isTrue();
                         assertThat(groups.get("liveness").isMember("cairn")).isFalse();
                     });
    }

    @Test
    void theEndpointShowsWhatTheCliPrintsAsJson(MongoTarget target) {
        CairnContexts.shop(target).withPropertyValues("management.endpoints.web.exposure.include=health,cairn")
                     .run(context -> {
            // given
            context.getBean(CommandGateway.class).sendAndWait(new PlaceOrder("order-1", "alice"));
            await().atMost(Duration.ofSeconds(10))
                   .until(() -> context.getBean(OrderList.class).customers().containsKey("order-1"));
            CairnStatus status = context.getBean(CairnStatus.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> status.monitor().status("orderList").caughtUp());

            // when
            Map<String, Object> document = context.getBean(CairnEndpoint.class).projections();

            // then: the CLI's document of each projection, in its key order
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> projections = (List<Map<String, Object>>) document.get("projections");
            assertThat(projections).extracting(projection -> projection.get("name")).contains("orderList");
            Map<String, Object> orderList = projections.stream()
                                                       .filter(projection -> projection.get("name")
                                                                                       .equals("orderList"))
                                                       .findFirst().orElseThrow();
            assertThat(orderList.keySet()).containsExactlyElementsOf(ProjectionStatusDocument.of(
                    status.monitor().status("orderList"), 0).keySet());
            assertThat(orderList).containsEntry("lag", 0L).containsEntry("caughtUp", true);
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> projection(Health health, String name) {
        return ((Map<String, Map<String, Object>>) health.getDetails().get("projections")).get(name);
    }

    private static EventProcessor processor(AssertableApplicationContext context) {
        return context.getBean(EventProcessingConfiguration.class).eventProcessor("orderList").orElseThrow();
    }
}
