package dev.cairn.spring.boot;

import com.example.boot.shop.OrderFollowUp;
import com.example.boot.shop.OrderList;
import com.example.boot.shop.ShopMessages.PlaceOrder;
import dev.cairn.aggregates.Cairn;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import dev.cairn.processing.MongoTokenStore;
import dev.cairn.sagas.MongoDeadlineManager;
import dev.cairn.sagas.MongoSagaStore;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import dev.cairn.mongo.embedded.EmbeddedMongo;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The auto-configuration on a full Axon Spring Boot context ({@code ApplicationContextRunner}: no web server).
 */
@ExtendWith(EmbeddedMongoExtension.class)
class CairnAutoConfigurationTest {

    @Test
    void axonsComponentsAreCairnsAndAnAggregateRoundTripsThroughTheApplicationsPackage(MongoTarget target) {
        CairnContexts.shop(target).run(context -> {
            // given
            assertThat(context).hasNotFailed();
            CommandGateway commands = context.getBean(CommandGateway.class);

            // when
            commands.sendAndWait(new PlaceOrder("order-1", "alice"));

            // then: Axon's parts are Cairn's
            assertThat(context.getBean(EventStorageEngine.class)).isInstanceOf(MongoEventStorageEngine.class);
            assertThat(context.getBean(EventStore.class)).isInstanceOf(EmbeddedEventStore.class);
            assertThat(context.getBean(TokenStore.class)).isInstanceOf(MongoTokenStore.class);
            assertThat(context.getBean(SagaStore.class)).isInstanceOf(MongoSagaStore.class);
            assertThat(context.getBean(DeadlineManager.class)).isInstanceOf(MongoDeadlineManager.class);
            assertThat(context.getBean("eventSerializer", Serializer.class)).isInstanceOf(JacksonSerializer.class);
            assertThat(context.getBean("messageSerializer", Serializer.class)).isInstanceOf(JacksonSerializer.class);
            // and: the stored event is read back through the allow-list, which admits the application's package
            MongoEventStorageEngine engine = context.getBean(MongoEventStorageEngine.class);
            assertThat(engine.readEvents("order-1").asStream().map(event -> event.getPayload().getClass()))
                    .containsExactly((Class) com.example.boot.shop.ShopMessages.OrderPlaced.class);
        });
    }

    @Test
    void aRepeatedIdempotentCommandIsNotExecutedAgain(MongoTarget target) {
        CairnContexts.shop(target).run(context -> {
            // given
            CommandGateway commands = context.getBean(CommandGateway.class);
            MetaData key = MetaData.with(Cairn.IDEMPOTENCY_KEY, "place-order-2");
            commands.sendAndWait(GenericCommandMessage.asCommandMessage(new PlaceOrder("order-2", "bob"))
                                                      .andMetaData(key));

            // when: the same command again, with the same key, would fail on the existing aggregate without it
            commands.sendAndWait(GenericCommandMessage.asCommandMessage(new PlaceOrder("order-2", "bob"))
                                                      .andMetaData(key));

            // then
            MongoEventStorageEngine engine = context.getBean(MongoEventStorageEngine.class);
            assertThat(engine.readEvents("order-2").asStream()).hasSize(1);
        });
    }

    @Test
    void theApplicationsOwnBeansWin(MongoTarget target) {
        CairnContexts.shop(target).withUserConfiguration(OwnBeans.class).run(context -> {
            // then
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(TokenStore.class)).isSameAs(context.getBean(OwnBeans.class).tokens);
            assertThat(context.getBean(EventStorageEngine.class)).isInstanceOf(MongoEventStorageEngine.class);
        });
    }

    @Test
    void aMissingDatabaseFailsStartUpNamingThePropertyWithoutThePassword(MongoTarget target) {
        CairnContexts.shop(target)
                     .withPropertyValues("cairn.mongo.uri=mongodb://shop:s3cret@localhost:27017/",
                                         "cairn.mongo.database=")
                     .run(context -> {
                         // when
                         FailureAnalysis analysis = new CairnFailureAnalyzer().analyze(context.getStartupFailure());

                         // then
                         assertThat(analysis).isNotNull();
                         assertThat(analysis.getDescription()).contains("cairn.mongo.database")
                                                              .contains("shop:****@").doesNotContain("s3cret");
                         assertThat(analysis.getAction()).contains("cairn.mongo.database");
                     });
    }

    @Test
    void theEmbeddedServerAskedForButAbsentFailsStartUpNamingTheProperty() {
        CairnContexts.shopWithoutDatabase()
                     .withClassLoader(new FilteredClassLoader(EmbeddedMongo.class))
                     .withPropertyValues("cairn.embedded.enabled=true")
                     .run(context -> {
                         // when
                         FailureAnalysis analysis = new CairnFailureAnalyzer().analyze(context.getStartupFailure());

                         // then
                         assertThat(analysis).isNotNull();
                         assertThat(analysis.getDescription()).contains("cairn.embedded.enabled");
                         assertThat(analysis.getAction()).contains("cairn-embedded-mongo");
                     });
    }

    @Test
    void aMalformedUriFailsStartUpNamingThePropertyWithoutThePassword(MongoTarget target) {
        CairnContexts.shop(target)
                     .withPropertyValues("cairn.mongo.uri=mongodb://shop:s3cret@localhost:notaport/shop")
                     .run(context -> {
                         // when
                         FailureAnalysis analysis = new CairnFailureAnalyzer().analyze(context.getStartupFailure());

                         // then
                         assertThat(analysis).isNotNull();
                         assertThat(analysis.getDescription()).contains("cairn.mongo.uri")
                                                              .doesNotContain("s3cret");
                     });
    }

    @Test
    void tracingMetadataIsStoredWithTheEventAndReachesProjectionAndSagaHandlers(MongoTarget target) {
        CairnContexts.shop(target).withUserConfiguration(TraceContext.class).run(context -> {
            // given: W3C trace context on the command, carried to its events as Axon's tracing module does
            MetaData trace = MetaData.with("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                                     .and("tracestate", "congo=t61rcWkgMzE");

            // when
            context.getBean(CommandGateway.class).sendAndWait(
                    GenericCommandMessage.asCommandMessage(new PlaceOrder("order-9", "dora")).andMetaData(trace));

            // then: stored with the event, and handed to the projection's handler
            MongoEventStorageEngine engine = context.getBean(MongoEventStorageEngine.class);
            assertThat(engine.readEvents("order-9").next().getMetaData()).containsAllEntriesOf(trace);
            OrderList orderList = context.getBean(OrderList.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> orderList.metaData().containsKey("order-9"));
            assertThat(orderList.metaData().get("order-9")).containsAllEntriesOf(trace);
            await().atMost(Duration.ofSeconds(10)).until(() -> OrderFollowUp.RECEIVED.containsKey("order-9"));
            assertThat(OrderFollowUp.RECEIVED.get("order-9")).containsAllEntriesOf(trace);
            assertThat(context.getBean(MongoSagaStore.class).findSagas(
                    OrderFollowUp.class, new AssociationValue("orderId", "order-9"))).hasSize(1);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class TraceContext {

        @Bean
        CorrelationDataProvider traceContext() {
            return new SimpleCorrelationDataProvider("traceparent", "tracestate");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {

        final InMemoryTokenStore tokens = new InMemoryTokenStore();

        @Bean
        TokenStore myTokenStore() {
            return tokens;
        }
    }
}
