package dev.cairn.testing;

import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.CairnSerializers;
import dev.cairn.projections.ProjectionHandlers;
import dev.cairn.projections.ReadModel;
import dev.cairn.projections.ReadModelCollection;
import dev.cairn.testing.internal.ProjectionHistory;
import dev.cairn.testing.internal.SharedMongo;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.bson.Document;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Given/when/then for a projection, on MongoDB through the real driver (the embedded server of this JVM, or the one
 * in {@code CAIRN_MONGO_URI}):
 * <pre>
 * ProjectionFixture.forProjection(new Balances())
 *                  .owning("balances", "bank_totals")
 *                  .given("account-1", new AccountOpened("account-1"), new MoneyDeposited("account-1", 100))
 *                  .whenProcessed()
 *                  .expectDocument("balances", "account-1", account -&gt; assertThat(account.getLong("balance")).isEqualTo(100));
 * </pre>
 * Given events become domain events of their aggregate with consecutive sequence numbers and global positions, and
 * reach the projection as a processor reads them from the event store: serialized with the {@link #serializer(Serializer)
 * serializer}, passed through the {@link #upcaster(EventUpcaster) upcasters} and deserialized. Events in their stored
 * form (an old type name, revision or shape) are given with {@link #givenStored(String, StoredEvent...)}. On top of
 * the expectations, every run checks:
 * <ol>
 *     <li><b>Idempotency</b> — the events are handled once, the batch is "lost" before its token is stored (rolled
 *     back), then delivered again, as a processor does after a crash; the read model must be exactly as after the
 *     first delivery ({@link #withoutIdempotencyCheck()}).</li>
 *     <li><b>Reset</b> — after the projection's reset (its own {@code @ResetHandler}s and Cairn's), every owned
 *     collection is empty ({@link #withoutResetCheck()}).</li>
 * </ol>
 *
 * @param <T> the projection's type
 */
public final class ProjectionFixture<T> {

    private final T projection;
    private final String name;
    private final List<String> collections = new ArrayList<>();
    private final ProjectionHistory history = new ProjectionHistory();
    private final List<EventUpcaster> upcasters = new ArrayList<>();
    private Serializer serializer = CairnSerializers.defaultSerializer();
    private MongoDatabase database;
    private String aggregateType = "Aggregate";
    private boolean idempotencyCheck = true;
    private boolean resetCheck = true;

    private ProjectionFixture(T projection) {
        this.projection = Objects.requireNonNull(projection, "projection must not be null");
        org.axonframework.config.ProcessingGroup group =
                projection.getClass().getAnnotation(org.axonframework.config.ProcessingGroup.class);
        this.name = group != null ? group.value() : projection.getClass().getSimpleName();
    }

    /** @return a fixture for a projection instance */
    public static <T> ProjectionFixture<T> forProjection(T projection) {
        return new ProjectionFixture<>(projection);
    }

    /** @return a fixture for a projection class with a no-argument constructor */
    public static <T> ProjectionFixture<T> forProjection(Class<T> type) {
        try {
            var constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return new ProjectionFixture<>(constructor.newInstance());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("Projection class " + type.getName() + " needs a no-argument "
                                                       + "constructor; pass an instance instead", e);
        }
    }

    /** Declares the collections the projection owns (as with {@code ProjectionOptions.owns}). */
    public ProjectionFixture<T> owning(String... collectionNames) {
        collections.addAll(List.of(collectionNames));
        return this;
    }

    /** Uses your database instead of a scratch database (its owned collections are emptied first). */
    public ProjectionFixture<T> onMongo(MongoDatabase database) {
        this.database = Objects.requireNonNull(database, "database must not be null");
        return this;
    }

    /** Sets the aggregate type name of the given domain events. Defaults to {@code Aggregate}. */
    public ProjectionFixture<T> aggregateType(String aggregateType) {
        this.aggregateType = Objects.requireNonNull(aggregateType, "aggregateType must not be null");
        return this;
    }

    /**
     * Uses the application's serializer for the given events. Defaults to
     * {@link CairnSerializers#defaultSerializer()}.
     */
    public ProjectionFixture<T> serializer(Serializer serializer) {
        this.serializer = Objects.requireNonNull(serializer, "serializer must not be null");
        return this;
    }

    /**
     * Adds an upcaster, applied to every given event as the event store applies the application's upcasters
     * ({@code Cairn.Builder#upcaster}) when a processor reads: to events {@link #givenStored(String, StoredEvent...)
     * given in their stored form} and to current ones alike. Upcasters run in the order they are added.
     */
    public ProjectionFixture<T> upcaster(EventUpcaster upcaster) {
        upcasters.add(Objects.requireNonNull(upcaster, "upcaster must not be null"));
        return this;
    }

    /** Adds events of one aggregate (payloads or event messages), with the next sequence numbers of that aggregate. */
    public ProjectionFixture<T> given(String aggregateIdentifier, Object... payloads) {
        Objects.requireNonNull(aggregateIdentifier, "aggregateIdentifier must not be null");
        for (Object payload : payloads) {
            history.add(aggregateType, aggregateIdentifier,
                        Objects.requireNonNull(payload, "a given event must not be null"));
        }
        return this;
    }

    /**
     * Adds events of one aggregate in their stored form (old type names, old revisions, old shapes), with the next
     * sequence numbers of that aggregate: they pass through the {@link #upcaster(EventUpcaster) upcasters} and the
     * serializer before the projection sees them. The run fails with an {@link AssertionError} naming the event when
     * one reads back as no known class, or does not deserialize.
     */
    public ProjectionFixture<T> givenStored(String aggregateIdentifier, StoredEvent... events) {
        Objects.requireNonNull(aggregateIdentifier, "aggregateIdentifier must not be null");
        for (StoredEvent event : events) {
            history.addStored(aggregateType, aggregateIdentifier,
                              Objects.requireNonNull(event, "a given stored event must not be null"));
        }
        return this;
    }

    /** Adds events published outside an aggregate (payloads or event messages). */
    public ProjectionFixture<T> givenEvents(Object... payloads) {
        for (Object payload : payloads) {
            history.add(Objects.requireNonNull(payload, "a given event must not be null"));
        }
        return this;
    }

    /** Switches off the redelivery check. */
    public ProjectionFixture<T> withoutIdempotencyCheck() {
        this.idempotencyCheck = false;
        return this;
    }

    /** Switches off the reset check. */
    public ProjectionFixture<T> withoutResetCheck() {
        this.resetCheck = false;
        return this;
    }

    /**
     * Feeds the given events to the projection, runs the checks and returns the read model for the expectations.
     *
     * @throws AssertionError when a check fails
     */
    public ProjectionResult whenProcessed() {
        if (collections.isEmpty()) {
            throw new IllegalStateException("Projection [" + name + "] owns no collections: declare them with "
                                                    + "owning(...)");
        }
        boolean scratch = database == null;
        MongoDatabase db = scratch ? SharedMongo.client().getDatabase("cairn_projection_"
                                                                              + UUID.randomUUID().toString()
                                                                                    .substring(0, 8))
                : database;
        try {
            ReadModel readModel = ReadModel.of(name, db, collections);
            readModel.clear();
            EventMessageHandler handler = ProjectionHandlers.adapter(projection, readModel);
            List<? extends EventMessage<?>> tracked = history.read(serializer, new EventUpcasterChain(upcasters));
            if (idempotencyCheck) {
                tracked.forEach(event -> handle(handler, event, false));
                Map<String, List<Document>> once = documents(readModel);
                tracked.forEach(event -> handle(handler, event, true));
                Map<String, List<Document>> again = documents(readModel);
                if (!once.equals(again)) {
                    throw new AssertionError("Projection [" + name + "] is not idempotent: delivering its events "
                                                     + "again after a lost batch changed the read model from "
                                                     + once + " to " + again + ". Write through ReadModel");
                }
            } else {
                tracked.forEach(event -> handle(handler, event, true));
            }
            ProjectionResult result = new ProjectionResult(name, documents(readModel));
            if (resetCheck) {
                checkReset(handler, readModel);
            }
            return result;
        } finally {
            if (scratch) {
                db.drop(); // the fixture's own scratch database
            }
        }
    }

    private void handle(EventMessageHandler handler, EventMessage<?> event, boolean commit) {
        UnitOfWork<EventMessage<?>> unitOfWork = DefaultUnitOfWork.startAndGet(event);
        try {
            if (handler.canHandle(event)) {
                handler.handle(event);
            }
            ProjectionHandlers.flushWrites(); // as the processor's token store does before it stores the token
        } catch (Exception e) {
            unitOfWork.rollback(e);
            throw new AssertionError("Projection [" + name + "] failed on " + event.getPayloadType().getName()
                                             + ": " + e, e);
        }
        if (commit) {
            unitOfWork.commit();
        } else {
            unitOfWork.rollback(); // the batch is lost before its token is stored: markers stay, as after a crash
        }
    }

    private void checkReset(EventMessageHandler handler, ReadModel readModel) {
        handler.prepareReset();
        ProjectionHandlers.resetAdapter(readModel).prepareReset();
        for (String collection : collections) {
            long left = readModel.collection(collection).count(new Document());
            if (left > 0) {
                throw new AssertionError("Projection [" + name + "] left " + left + " documents in collection ["
                                                 + collection + "] after a reset");
            }
        }
    }

    private Map<String, List<Document>> documents(ReadModel readModel) {
        Map<String, List<Document>> all = new LinkedHashMap<>();
        for (String collection : collections) {
            ReadModelCollection owned = readModel.collection(collection);
            List<Document> documents = new ArrayList<>(owned.findAll(new Document()));
            documents.sort((a, b) -> String.valueOf(a.get("_id")).compareTo(String.valueOf(b.get("_id"))));
            all.put(collection, documents);
        }
        return all;
    }
}
