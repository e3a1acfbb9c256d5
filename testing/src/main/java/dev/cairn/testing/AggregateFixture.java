package dev.cairn.testing;

import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.CairnSerializers;
import dev.cairn.testing.internal.FixtureSettings;
import dev.cairn.testing.internal.Given;
import dev.cairn.testing.internal.InMemoryFixtureRun;
import dev.cairn.testing.internal.MongoFixtureRun;
import dev.cairn.testing.internal.StoredHistory;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.ResultValidator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Given/when/then tests for an event-sourced aggregate: Axon's {@link AggregateTestFixture} plus the checks that catch
 * what an in-memory fixture cannot see.
 * <pre>{@code
 * AggregateFixture.forAggregate(Order.class)
 *                 .given(new OrderPlaced("order-1", "alice"))
 *                 .when(new AddLine("order-1", "book", 2))
 *                 .expectEvents(new LineAdded("order-1", "book", 2));
 * }</pre>
 * {@code when} returns Axon's own {@link ResultValidator}: {@code expectEvents}, {@code expectException},
 * {@code expectSuccessfulHandlerExecution}, {@code expectState}, {@code expectResultMessagePayload} and the rest work
 * unchanged. On top, every run checks (each can be switched off):
 * <ol>
 *     <li><b>serialization</b>: every given and emitted event goes through the serializer
 *     ({@link CairnSerializers#defaultSerializer()} unless {@link #serializer(Serializer)} is set) and must come back
 *     equal; the failure names the event class and the field that did not survive
 *     ({@link #withoutSerializationCheck()});</li>
 *     <li><b>snapshot</b>: the aggregate as loaded from the given events is serialized and deserialized with the
 *     snapshot serializer and must be equal field by field; the failure names aggregate class and field
 *     ({@link #withoutSnapshotCheck()});</li>
 *     <li><b>immutability</b>: every sourced and emitted event type is a record or a class with only final fields
 *     ({@link #withoutImmutabilityCheck()}).</li>
 * </ol>
 * {@link #onMongo()} runs the same given/when through a real Cairn application on MongoDB instead of Axon's
 * in-memory recording event store.
 * <p>
 * A fixture holds the given phase of one test; create one per test.
 *
 * @param <T> the aggregate type
 */
public final class AggregateFixture<T> {

    private final Class<T> aggregateType;
    private final AggregateTestFixture<T> axonFixture;
    private final List<Object> resources = new ArrayList<>();
    private Serializer serializer = CairnSerializers.defaultSerializer();
    private Serializer snapshotSerializer;
    private boolean serializationCheck = true;
    private boolean snapshotCheck = true;
    private boolean immutabilityCheck = true;
    private boolean onMongo;
    private MongoDatabase mongoDatabase;
    private int snapshotThreshold = 1;
    private Given given = Given.nothing();
    private List<StoredEvent> storedGiven;
    private final List<EventUpcaster> upcasters = new ArrayList<>();
    private final List<String> allowedPackages = new ArrayList<>();

    private AggregateFixture(Class<T> aggregateType) {
        this.aggregateType = aggregateType;
        this.axonFixture = new AggregateTestFixture<>(aggregateType);
    }

    /**
     * @return a fixture for the aggregate class, with all checks on, running in memory
     */
    public static <T> AggregateFixture<T> forAggregate(Class<T> aggregateType) {
        return new AggregateFixture<>(Objects.requireNonNull(aggregateType, "aggregateType must not be null"));
    }

    /**
     * Uses the application's serializer for events (and for snapshots, unless
     * {@link #snapshotSerializer(Serializer)} is set). Defaults to {@link CairnSerializers#defaultSerializer()}.
     */
    public AggregateFixture<T> serializer(Serializer serializer) {
        this.serializer = Objects.requireNonNull(serializer, "serializer must not be null");
        return this;
    }

    /**
     * Uses another serializer for snapshots than for events.
     */
    public AggregateFixture<T> snapshotSerializer(Serializer snapshotSerializer) {
        this.snapshotSerializer = Objects.requireNonNull(snapshotSerializer, "snapshotSerializer must not be null");
        return this;
    }

    /**
     * Switches off the serialization round trip of given and emitted events.
     */
    public AggregateFixture<T> withoutSerializationCheck() {
        this.serializationCheck = false;
        return this;
    }

    /**
     * Switches off the snapshot round trip of the aggregate's state after the given phase.
     */
    public AggregateFixture<T> withoutSnapshotCheck() {
        this.snapshotCheck = false;
        return this;
    }

    /**
     * Switches off the check that event types are immutable.
     */
    public AggregateFixture<T> withoutImmutabilityCheck() {
        this.immutabilityCheck = false;
        return this;
    }

    /**
     * Runs given/when through a real Cairn application (Mongo event store, serializer, snapshots every
     * {@link #snapshotEvery(int)} events) on the embedded MongoDB server of this JVM, or on the MongoDB named by the
     * environment variable {@code CAIRN_MONGO_URI}, in a scratch database dropped after the run. The validator sees
     * the events as read back from MongoDB and the state as loaded by the repository (from a snapshot when one was
     * taken). Settings made through {@link #axonFixture()} do not apply.
     */
    public AggregateFixture<T> onMongo() {
        this.onMongo = true;
        this.mongoDatabase = null;
        return this;
    }

    /**
     * Like {@link #onMongo()}, in the given database (which the test cleans, for instance through
     * {@code EmbeddedMongoExtension}).
     */
    public AggregateFixture<T> onMongo(MongoDatabase database) {
        this.onMongo = true;
        this.mongoDatabase = Objects.requireNonNull(database, "database must not be null");
        return this;
    }

    /**
     * Sets the snapshot threshold of MongoDB runs. Defaults to 1: the aggregate is snapshotted after every command,
     * so the state checked after {@code when} comes from a snapshot whenever there were given events.
     */
    public AggregateFixture<T> snapshotEvery(int threshold) {
        if (threshold < 1) {
            throw new IllegalArgumentException("The snapshot threshold must be positive, was " + threshold);
        }
        this.snapshotThreshold = threshold;
        return this;
    }

    /**
     * Makes a resource available to command handler parameters, in memory and on MongoDB.
     */
    public AggregateFixture<T> registerInjectableResource(Object resource) {
        Objects.requireNonNull(resource, "resource must not be null");
        resources.add(resource);
        axonFixture.registerInjectableResource(resource);
        return this;
    }

    /**
     * @return Axon's fixture underneath, for settings this class does not name (interceptors, field filters...);
     * in-memory runs only
     */
    public FixtureConfiguration<T> axonFixture() {
        return axonFixture;
    }

    /**
     * Adds an upcaster, applied to {@link #givenStored(StoredEvent...) stored} given events and, on MongoDB, by the
     * application's event store (as {@code Cairn.Builder#upcaster} does). Upcasters run in the order they are added.
     */
    public AggregateFixture<T> upcaster(EventUpcaster upcaster) {
        upcasters.add(Objects.requireNonNull(upcaster, "upcaster must not be null"));
        return this;
    }

    /**
     * Adds packages (with their subpackages) whose classes stored events, snapshots and command results may name, as
     * {@code Cairn.Builder#allowStoredTypes(String...)} does for the application. Stored type names are resolved only
     * within Cairn's own types, Java's value types, the packages of the aggregate and of the events it sources, and
     * these: a {@link #givenStored(StoredEvent...) stored given event} whose upcasted type is outside them fails,
     * naming the event, in memory and on MongoDB; on MongoDB the fixture's application reads what it did not write
     * itself through them (a database of earlier runs, the result a repeated idempotency key replays), as the
     * application does.
     *
     * @throws IllegalArgumentException naming the entry when a package name is null or blank
     */
    public AggregateFixture<T> allowStoredTypes(String... packages) {
        Objects.requireNonNull(packages, "packages must not be null");
        for (int i = 0; i < packages.length; i++) {
            if (packages[i] == null || packages[i].isBlank()) {
                throw new IllegalArgumentException("allowStoredTypes: package #" + i + " of "
                                                           + Arrays.toString(packages) + " is "
                                                           + (packages[i] == null ? "null" : "blank"));
            }
        }
        allowedPackages.addAll(Arrays.asList(packages));
        return this;
    }

    /**
     * Starts from these past events of the aggregate (payloads or event messages).
     */
    public AggregateFixture<T> given(Object... events) {
        this.given = new Given(Given.Kind.EVENTS, Arrays.asList(events));
        this.storedGiven = null;
        return this;
    }

    /**
     * Starts from past events in their stored form (old type names, old revisions, old shapes): they pass through the
     * {@link #upcaster(EventUpcaster) upcasters} and the serializer as when the event store loads the aggregate, and
     * the aggregate is sourced from the result. Fails with an {@link AssertionError} naming the stored event when an
     * upcaster's output does not deserialize or names a type outside the allowed stored types
     * ({@link #allowStoredTypes(String...)}), which the application would read as {@code UnknownSerializedType}.
     */
    public AggregateFixture<T> givenStored(StoredEvent... events) {
        this.storedGiven = List.of(events);
        this.given = Given.nothing();
        return this;
    }

    /**
     * Starts from the events these commands produce.
     */
    public AggregateFixture<T> givenCommands(Object... commands) {
        this.given = new Given(Given.Kind.COMMANDS, Arrays.asList(commands));
        this.storedGiven = null;
        return this;
    }

    /**
     * Starts from no prior activity: the command in {@code when} creates the aggregate.
     */
    public AggregateFixture<T> givenNoPriorActivity() {
        this.given = Given.nothing();
        this.storedGiven = null;
        return this;
    }

    /**
     * Executes the command and returns Axon's validator for the expectations.
     *
     * @throws AssertionError when a check fails
     */
    public ResultValidator<T> when(Object command) {
        return when(command, MetaData.emptyInstance());
    }

    /**
     * Executes the command with metadata and returns Axon's validator for the expectations.
     *
     * @throws AssertionError when a check fails
     */
    public ResultValidator<T> when(Object command, Map<String, ?> metaData) {
        Objects.requireNonNull(command, "command must not be null");
        CommandMessage<?> message = GenericCommandMessage.asCommandMessage(command).andMetaData(metaData);
        String target = targetIdentifier(message);
        FixtureSettings<T> settings = settings();
        Given history = storedGiven == null ? given
                : new Given(Given.Kind.EVENTS, StoredHistory.upcast(storedGiven, aggregateType.getSimpleName(),
                                                                   target, serializer,
                                                                   new EventUpcasterChain(upcasters),
                                                                   settings.allowedTypes()));
        if (onMongo) {
            return new MongoFixtureRun<>(settings).run(history, message, target);
        }
        return new InMemoryFixtureRun<>(settings, axonFixture).run(history, command, metaData, target);
    }

    private FixtureSettings<T> settings() {
        return new FixtureSettings<>(aggregateType, serializer,
                                     snapshotSerializer != null ? snapshotSerializer : serializer,
                                     serializationCheck, snapshotCheck, immutabilityCheck, mongoDatabase,
                                     snapshotThreshold, resources, upcasters, allowedPackages);
    }

    private static String targetIdentifier(CommandMessage<?> command) {
        try {
            return AnnotationCommandTargetResolver.builder().build().resolveTarget(command).getIdentifier();
        } catch (IllegalArgumentException e) {
            return null; // a command creating the aggregate names no target
        }
    }
}
