package dev.cairn.aggregates;

import com.mongodb.client.MongoDatabase;
import com.example.aggregates.testdomain.Commands.AddLine;
import com.example.aggregates.testdomain.Commands.PlaceOrder;
import com.example.aggregates.testdomain.CommandLog;
import com.example.aggregates.testdomain.Events.LineAdded;
import com.example.aggregates.testdomain.Events.OrderPlaced;
import com.example.aggregates.testdomain.Order;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(EmbeddedMongoExtension.class)
class CairnTest {

    @Test
    void startsFromADatabaseAndStoresEventsInMongo(MongoDatabase database) {
        // Given
        CommandLog log = new CommandLog();
        try (CairnApplication app = TestApps.orders(database, log).start()) {
            // When
            String id = app.commandGateway().sendAndWait(new PlaceOrder("order-1", "alice"));
            String lineId = app.commandGateway().sendAndWait(new AddLine("order-1", "book", 2));

            // Then
            assertThat(id).isEqualTo("order-1");
            List<Object> payloads = new ArrayList<>();
            app.eventStore().readEvents("order-1").asStream().forEach(e -> payloads.add(e.getPayload()));
            assertThat(payloads).containsExactly(new OrderPlaced("order-1", "alice"),
                                                 new LineAdded("order-1", lineId, "book", 2));
            assertThat(database.getCollection("events").countDocuments()).isEqualTo(2);
        }
    }

    @Test
    void startsFromAConnectionStringAndClosesTheClientItCreated(MongoTarget target, MongoDatabase database) {
        // Given
        CommandLog log = new CommandLog();
        CairnApplication app = Cairn.builder()
                                    .mongo(target.connectionString(), database.getName())
                                    .aggregate(Order.class)
                                    .configure(c -> c.registerComponent(CommandLog.class, cfg -> log))
                                    .start();
        app.commandGateway().sendAndWait(new PlaceOrder("order-2", "bob"));

        // When
        app.close();

        // Then
        assertThat(database.getCollection("events").countDocuments()).isEqualTo(1);
        assertThatThrownBy(() -> app.database().listCollectionNames().first())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void leavesADatabasePassedInOpen(MongoDatabase database) {
        // Given
        CairnApplication app = TestApps.orders(database, new CommandLog()).start();

        // When
        app.close();
        app.close();

        // Then
        assertThat(database.listCollectionNames().into(new ArrayList<>())).contains("events", "idempotency");
    }

    @Test
    void snapshotsAnAggregateAfterTheThreshold(MongoDatabase database) {
        // Given
        try (CairnApplication app = TestApps.orders(database, new CommandLog())
                                            .snapshotEvery(Order.class, 3)
                                            .start()) {
            app.commandGateway().sendAndWait(new PlaceOrder("order-3", "carol"));
            app.commandGateway().sendAndWait(new AddLine("order-3", "pen", 1));

            // When
            app.commandGateway().sendAndWait(new AddLine("order-3", "ink", 1));

            // Then
            Document snapshot = database.getCollection("snapshots").find(new Document("_id", "order-3")).first();
            assertThat(snapshot).isNotNull();
            DomainEventMessage<?> loaded = app.eventStore().readEvents("order-3").next();
            assertThat(loaded.getPayload()).isInstanceOf(Order.class);
            assertThat(((Order) loaded.getPayload()).products()).containsExactly("pen", "ink");
        }
    }

    @Test
    void callsExtensionsDuringStartAndUsesTheirSnapshotTriggerFactory(MongoDatabase database) {
        // Given
        List<String> calls = new ArrayList<>();
        AtomicBoolean startedAfterConfigure = new AtomicBoolean();
        CairnExtension extension = setup -> {
            calls.add("configure " + setup.aggregateTypes() + " " + setup.snapshotThresholds());
            assertThat(setup.database().getName()).isEqualTo(database.getName());
            assertThat(setup.serializer()).isNotNull();
            setup.configurer().onInitialize(c -> c.onStart(() -> startedAfterConfigure.set(true)));
            setup.snapshotTriggers((type, threshold, configuration) -> {
                calls.add("trigger " + type.getSimpleName() + " " + threshold);
                return new EventCountSnapshotTriggerDefinition(configuration.snapshotter(), threshold);
            });
        };

        // When
        try (CairnApplication app = TestApps.orders(database, new CommandLog())
                                            .snapshotEvery(Order.class, 2)
                                            .extension(extension)
                                            .start()) {
            app.commandGateway().sendAndWait(new PlaceOrder("order-4", "dave"));
            app.commandGateway().sendAndWait(new AddLine("order-4", "pen", 1));

            // Then
            assertThat(calls).containsExactly("configure [class " + Order.class.getName() + "] {class "
                                                      + Order.class.getName() + "=2}",
                                              "trigger Order 2");
            assertThat(startedAfterConfigure).isTrue();
            assertThat(database.getCollection("snapshots").countDocuments()).isEqualTo(1);
        }
    }

    @Test
    void extensionsCanAddThresholdsAndCustomizeTheEventStorage(MongoDatabase database) {
        // Given an extension that snapshots Order every 2 events and names the event collection
        CairnExtension extension = setup -> {
            setup.snapshotThreshold(Order.class, 2);
            setup.eventStorage(engine -> engine.eventCollectionName("orderEvents"));
        };

        // When
        try (CairnApplication app = TestApps.orders(database, new CommandLog()).extension(extension).start()) {
            app.commandGateway().sendAndWait(new PlaceOrder("order-9", "erin"));
            app.commandGateway().sendAndWait(new AddLine("order-9", "pen", 1));

            // Then
            assertThat(database.getCollection("orderEvents").countDocuments()).isEqualTo(2);
            assertThat(database.getCollection("snapshots").countDocuments()).isEqualTo(1);
        }
    }

    @Test
    void theBuildersThresholdWinsOverAnExtensions(MongoDatabase database) {
        // Given
        List<Map<Class<?>, Integer>> seen = new ArrayList<>();
        CairnExtension extension = setup -> {
            setup.snapshotThreshold(Order.class, 2);
            seen.add(setup.snapshotThresholds());
        };

        // When
        try (CairnApplication app = TestApps.orders(database, new CommandLog())
                                            .snapshotEvery(Order.class, 50)
                                            .extension(extension)
                                            .start()) {
            app.commandGateway().sendAndWait(new PlaceOrder("order-10", "fay"));
            app.commandGateway().sendAndWait(new AddLine("order-10", "pen", 1));

            // Then
            assertThat(seen).containsExactly(Map.of(Order.class, 50));
            assertThat(database.getCollection("snapshots").countDocuments()).isZero();
        }
    }

    @Test
    void runsTheConfigurerEscapeHatchAfterTheExtensions(MongoDatabase database) {
        // Given
        List<String> order = new ArrayList<>();

        // When
        try (CairnApplication app = TestApps.orders(database, new CommandLog())
                                            .configure(c -> order.add("configure"))
                                            .extension(setup -> order.add("extension"))
                                            .start()) {
            // Then
            assertThat(order).containsExactly("extension", "configure");
            assertThat(app.configuration()).isInstanceOf(Configuration.class);
            assertThat(app.queryGateway()).isNotNull();
        }
    }

    @Test
    void withTheAggregateCacheACommandDoesNotReloadTheAggregateFromMongo(MongoDatabase database) {
        // Given an aggregate loaded once, then its events removed behind the application's back
        try (CairnApplication app = TestApps.orders(database, new CommandLog()).aggregateCache(true).start()) {
            app.commandGateway().sendAndWait(new PlaceOrder("order-5", "erin"));
            database.getCollection("events").deleteMany(new Document());

            // When
            String lineId = app.commandGateway().sendAndWait(new AddLine("order-5", "pen", 1));

            // Then the cached aggregate handled it
            assertThat(lineId).isNotBlank();
        }
    }

    @Test
    void withoutTheAggregateCacheEveryCommandLoadsFromMongo(MongoDatabase database) {
        // Given
        try (CairnApplication app = TestApps.orders(database, new CommandLog()).start()) {
            app.commandGateway().sendAndWait(new PlaceOrder("order-6", "frank"));
            database.getCollection("events").deleteMany(new Document());

            // When / Then
            assertThatThrownBy(() -> app.commandGateway().sendAndWait(new AddLine("order-6", "pen", 1)))
                    .isInstanceOf(AggregateNotFoundException.class);
        }
    }

    @Test
    void refusesToStartWithoutADatabase() {
        // When / Then
        assertThatThrownBy(() -> Cairn.builder().aggregate(Order.class).start())
                .isInstanceOf(AxonConfigurationException.class)
                .hasMessageContaining("mongo(connectionString, databaseName)");
    }

    @Test
    void refusesASnapshotThresholdForAnUnregisteredAggregate(MongoDatabase database) {
        // When / Then
        assertThatThrownBy(() -> Cairn.builder().database(database).snapshotEvery(Order.class, 10).start())
                .isInstanceOf(AxonConfigurationException.class)
                .hasMessageContaining(Order.class.getName())
                .hasMessageContaining("aggregate(...)");
    }

    @Test
    void rejectsInvalidOptionsImmediately() {
        // Given
        Cairn.Builder builder = Cairn.builder();

        // When / Then
        assertThatThrownBy(() -> builder.snapshotEvery(Order.class, 0))
                .isInstanceOf(AxonConfigurationException.class).hasMessageContaining(Order.class.getName());
        assertThatThrownBy(() -> builder.idempotencyRetention(java.time.Duration.ZERO))
                .isInstanceOf(AxonConfigurationException.class).hasMessageContaining("idempotencyRetention");
        assertThatThrownBy(() -> builder.mongo(" ", "db"))
                .isInstanceOf(AxonConfigurationException.class).hasMessageContaining("connectionString");
    }

    @Test
    void rejectsMissingAndNegativeSettingsWithAxonsBuilderErrorNamingTheSetting() {
        // Given
        Cairn.Builder builder = Cairn.builder();

        // When / Then every setter fails at once, as Axon's builders do, naming the setting
        assertThatThrownBy(() -> builder.database(null))
                .isInstanceOf(AxonConfigurationException.class).hasMessageContaining("database");
        assertThatThrownBy(() -> builder.aggregate(null))
                .isInstanceOf(AxonConfigurationException.class).hasMessageContaining("aggregate(...)");
        assertThatThrownBy(() -> builder.snapshotEvery(null, 10))
                .isInstanceOf(AxonConfigurationException.class).hasMessageContaining("snapshotEvery(...)");
        assertThatThrownBy(() -> builder.snapshotEvery(Order.class, -5))
                .isInstanceOf(AxonConfigurationException.class)
                .hasMessage("The snapshot threshold of aggregate class [" + Order.class.getName()
                                    + "] must be positive, not -5");
        assertThatThrownBy(() -> builder.startupTimeout(null))
                .isInstanceOf(AxonConfigurationException.class).hasMessage("startupTimeout must not be null");
        assertThatThrownBy(() -> builder.idempotencyWaitTimeout(java.time.Duration.ofSeconds(-1)))
                .isInstanceOf(AxonConfigurationException.class).hasMessageContaining("idempotencyWaitTimeout");
        assertThatThrownBy(() -> builder.aggregateCache(-1))
                .isInstanceOf(AxonConfigurationException.class).hasMessageContaining("aggregateCache");
        assertThatThrownBy(() -> builder.serializer(null))
                .isInstanceOf(AxonConfigurationException.class).hasMessageContaining("serializer");
        assertThatThrownBy(() -> builder.extension(null))
                .isInstanceOf(AxonConfigurationException.class).hasMessageContaining("extension");
        assertThatThrownBy(() -> builder.allowStoredTypes("com.example", " "))
                .isInstanceOf(AxonConfigurationException.class).hasMessageContaining("package");
        assertThatThrownBy(() -> builder.mongo("mongodb://localhost", null))
                .isInstanceOf(AxonConfigurationException.class).hasMessageContaining("databaseName");
    }

    @Test
    void anExtensionsThresholdIsCheckedLikeTheBuilders(MongoDatabase database) {
        // Given an extension offering a threshold of zero
        CairnExtension extension = setup -> setup.snapshotThreshold(Order.class, 0);

        // When / Then start-up fails with the same check as snapshotEvery(...)
        assertThatThrownBy(() -> TestApps.orders(database, new CommandLog()).extension(extension).start())
                .isInstanceOf(AxonConfigurationException.class)
                .hasMessage("The snapshot threshold of aggregate class [" + Order.class.getName()
                                    + "] must be positive, not 0");
    }
}
