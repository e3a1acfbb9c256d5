package dev.cairn.sagas;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import dev.cairn.eventstore.mongo.CairnSerializers;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.eventstore.mongo.support.MongoErrors;
import dev.cairn.eventstore.mongo.support.MongoIndexes;
import dev.cairn.eventstore.mongo.support.ReplicaSetConcerns;
import dev.cairn.eventstore.mongo.support.StoredJson;
import dev.cairn.eventstore.mongo.support.StoredJsonFormat;
import dev.cairn.sagas.internal.SagaDocuments;
import dev.cairn.sagas.internal.SagaVersions;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValues;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static dev.cairn.sagas.internal.SagaDocuments.ASSOCIATIONS;
import static dev.cairn.sagas.internal.SagaDocuments.CREATED_AT;
import static dev.cairn.sagas.internal.SagaDocuments.ID;
import static dev.cairn.sagas.internal.SagaDocuments.SAGA_TYPE;
import static dev.cairn.sagas.internal.SagaDocuments.STATE;
import static dev.cairn.sagas.internal.SagaDocuments.UPDATED_AT;
import static dev.cairn.sagas.internal.SagaDocuments.VERSION;
import static org.axonframework.common.BuilderUtils.assertNonNull;
import static org.axonframework.common.BuilderUtils.assertThat;

/**
 * Axon's {@link SagaStore} on MongoDB: one readable document per live saga in collection
 * {@value CairnCollections#SAGAS},
 * <pre>
 * {_id: sagaId, sagaType: "com.acme.OrderSaga", version: 3,
 *  state: {orderId: "o-1", ...},                      // the serializer's JSON as BSON (a string when not lossless)
 *  associations: [{key: "orderId", value: "o-1"}], createdAt, updatedAt}
 * </pre>
 * <ul>
 *     <li>An association lookup is one query, {@code {sagaType, associations: {$elemMatch: {key, value}}}},
 *     equality on exactly the keys of the index {@code cairn_sagas_associations} ({@code sagaType: 1,
 *     associations.key: 1, associations.value: 1}, multikey), created at start-up.</li>
 *     <li>Updates are optimistic: the store remembers the version of each saga instance it loaded or inserted, and
 *     an update or delete matches only that version. When another node changed or ended the saga in between, the
 *     write fails with {@link SagaConcurrencyException}, which the event processor treats as transient: it rolls
 *     back and handles the event again on the current state. A saga instance this store did not load (never the
 *     case under Axon's saga repository) cannot be updated.</li>
 *     <li>State is written with the serializer ({@link CairnSerializers#defaultSerializer()} by default, Jackson) and
 *     read back only as the saga class Axon asks for: a stored type name never picks the class. Fields holding
 *     injected resources must be {@code transient}.</li>
 * </ul>
 * Defaults: collection {@value CairnCollections#SAGAS}, Cairn's serializer, the system clock, index creation on,
 * {@link StoredJsonFormat#configured()} as the stored JSON format ({@code format: 2} on a saga written in format 2).
 * Build with
 * {@code MongoSagaStore.builder().database(db).build()}; {@code database} is required.
 */
public class MongoSagaStore implements SagaStore<Object> {

    private final MongoCollection<BsonDocument> sagas;
    private final Serializer serializer;
    private final Clock clock;
    private final StoredJson storedJson;
    private final SagaVersions versions = new SagaVersions();

    protected MongoSagaStore(Builder builder) {
        builder.validate();
        this.sagas = ReplicaSetConcerns.decisive(builder.database)
                                       .getCollection(builder.collectionName, BsonDocument.class);
        this.serializer = builder.serializer;
        this.clock = builder.clock;
        this.storedJson = StoredJson.writing(builder.storedJsonFormat);
        MongoIndexes.prepare(sagas, SagaDocuments.indexes(), builder.indexCreation);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Set<String> findSagas(Class<?> sagaType, AssociationValue associationValue) {
        Set<String> ids = new LinkedHashSet<>();
        sagas.find(SagaDocuments.associationFilter(sagaType.getName(), associationValue))
             .projection(Projections.include(ID))
             .forEach(document -> ids.add(document.getString(ID).getValue()));
        return ids;
    }

    @Override
    public <S> Entry<S> loadSaga(Class<S> sagaType, String sagaIdentifier) {
        BsonDocument document = sagas.find(Filters.eq(ID, sagaIdentifier)).first();
        if (document == null || !sagaType.getName().equals(document.getString(SAGA_TYPE).getValue())) {
            return null;
        }
        S saga = deserialize(sagaType, sagaIdentifier, document);
        versions.loaded(sagaIdentifier, saga, document.getInt64(VERSION).getValue());
        Set<AssociationValue> associations = SagaDocuments.associations(document);
        return new Entry<>() {
            @Override
            public Set<AssociationValue> associationValues() {
                return associations;
            }

            @Override
            public S saga() {
                return saga;
            }
        };
    }

    @Override
    public void insertSaga(Class<?> sagaType, String sagaIdentifier, Object saga,
                           Set<AssociationValue> associationValues) {
        BsonDateTime now = new BsonDateTime(clock.millis());
        BsonDocument document = new BsonDocument(ID, new BsonString(sagaIdentifier))
                .append(SAGA_TYPE, new BsonString(sagaType.getName()))
                .append(VERSION, new BsonInt64(0))
                .append(STATE, serialize(sagaType, sagaIdentifier, saga))
                .append(ASSOCIATIONS, SagaDocuments.associations(associationValues))
                .append(CREATED_AT, now)
                .append(UPDATED_AT, now);
        try {
            sagas.insertOne(storedJson.stamp(document));
        } catch (RuntimeException e) {
            if (MongoErrors.isDuplicateKey(e)) {
                throw new SagaConcurrencyException("Saga [" + sagaIdentifier + "] of type [" + sagaType.getName()
                                                           + "] already exists in collection ["
                                                           + collectionName() + "]");
            }
            throw e;
        }
        versions.loaded(sagaIdentifier, saga, 0);
    }

    @Override
    public void updateSaga(Class<?> sagaType, String sagaIdentifier, Object saga,
                           AssociationValues associationValues) {
        long expected = versions.expected(sagaIdentifier, saga, sagaType);
        List<Bson> updates = new ArrayList<>(List.of(
                Updates.set(STATE, serialize(sagaType, sagaIdentifier, saga)),
                Updates.set(ASSOCIATIONS, SagaDocuments.associations(associationValues.asSet())),
                Updates.set(UPDATED_AT, new BsonDateTime(clock.millis())),
                Updates.inc(VERSION, 1L)));
        storedJson.stampUpdate().ifPresent(updates::add);
        UpdateResult result = sagas.updateOne(versionFilter(sagaIdentifier, expected), Updates.combine(updates));
        if (result.getMatchedCount() == 0) {
            versions.forget(sagaIdentifier);
            throw conflict(sagaType, sagaIdentifier, expected, "update");
        }
        versions.loaded(sagaIdentifier, saga, expected + 1);
    }

    @Override
    public void deleteSaga(Class<?> sagaType, String sagaIdentifier, Set<AssociationValue> associationValues) {
        Long expected = versions.expectedIfKnown(sagaIdentifier);
        versions.forget(sagaIdentifier);
        if (expected == null) {
            sagas.deleteOne(Filters.eq(ID, sagaIdentifier));
            return;
        }
        if (sagas.deleteOne(versionFilter(sagaIdentifier, expected)).getDeletedCount() == 0
                && sagas.countDocuments(Filters.eq(ID, sagaIdentifier)) > 0) {
            throw conflict(sagaType, sagaIdentifier, expected, "end");
        }
    }

    /** @return whether a saga with this id is stored (live) */
    public boolean contains(String sagaIdentifier) {
        return sagas.find(Filters.eq(ID, sagaIdentifier)).projection(Projections.include(ID)).first() != null;
    }

    /** @return the name of the collection holding the sagas */
    public String collectionName() {
        return sagas.getNamespace().getCollectionName();
    }

    private static BsonDocument versionFilter(String sagaIdentifier, long version) {
        // a plain two-field document, not Filters.and: no $and, so equality on _id stays a point lookup
        return new BsonDocument(ID, new BsonString(sagaIdentifier)).append(VERSION, new BsonInt64(version));
    }

    private SagaConcurrencyException conflict(Class<?> sagaType, String sagaIdentifier, long expected, String what) {
        return new SagaConcurrencyException(
                "Could not " + what + " saga [" + sagaIdentifier + "] of type [" + sagaType.getName()
                        + "] in collection [" + collectionName() + "]: it is no longer at version " + expected
                        + " (changed or ended by another node); the event will be handled again");
    }

    private BsonValue serialize(Class<?> sagaType, String sagaIdentifier, Object saga) {
        try {
            SerializedObject<String> serialized = serializer.serialize(saga, String.class);
            return storedJson.toBson(serialized.getData());
        } catch (RuntimeException e) {
            throw new IllegalStateException("Could not serialize saga [" + sagaIdentifier + "] of type ["
                                                    + sagaType.getName() + "]", e);
        }
    }

    private <S> S deserialize(Class<S> sagaType, String sagaIdentifier, BsonDocument document) {
        try {
            StoredJsonFormat.of(document);
            String json = StoredJson.toJson(document.get(STATE));
            return serializer.deserialize(new SimpleSerializedObject<>(json, String.class,
                                                                       serializer.typeForClass(sagaType)));
        } catch (RuntimeException e) {
            throw new IllegalStateException("Could not read saga [" + sagaIdentifier + "] of type ["
                                                    + sagaType.getName() + "] from collection ["
                                                    + collectionName() + "]", e);
        }
    }

    /**
     * Builds a {@link MongoSagaStore}. Setters fail fast; {@link #database} is required. Defaults: collection
     * {@value CairnCollections#SAGAS}, {@link CairnSerializers#defaultSerializer()}, {@link Clock#systemUTC()}, index
     * creation on.
     */
    public static class Builder {

        private MongoDatabase database;
        private String collectionName = CairnCollections.SAGAS;
        private Serializer serializer = CairnSerializers.defaultSerializer();
        private Clock clock = Clock.systemUTC();
        private boolean indexCreation = true;
        private StoredJsonFormat storedJsonFormat = StoredJsonFormat.configured();

        /** The database holding the saga collection. Required. */
        public Builder database(MongoDatabase database) {
            assertNonNull(database, "The database may not be null");
            this.database = database;
            return this;
        }

        /** The saga collection; default {@value CairnCollections#SAGAS}. */
        public Builder collectionName(String collectionName) {
            assertThat(collectionName, n -> n != null && !n.isBlank(), "The collection name may not be blank");
            this.collectionName = collectionName;
            return this;
        }

        /** Serializes saga state; must produce JSON text to be readable. Default: Cairn's Jackson serializer. */
        public Builder serializer(Serializer serializer) {
            assertNonNull(serializer, "The serializer may not be null");
            this.serializer = serializer;
            return this;
        }

        /** Stamps {@code createdAt}/{@code updatedAt}. Default: the system clock. */
        public Builder clock(Clock clock) {
            assertNonNull(clock, "The clock may not be null");
            this.clock = clock;
            return this;
        }

        /**
         * Sets whether building the store creates the indexes of its collection. Defaults to {@code true}. With
         * {@code false} (a user without the {@code createIndex} privilege) the build only checks them and fails with a
         * {@link dev.cairn.eventstore.mongo.support.MissingIndexException} naming the first missing one.
         */
        public Builder indexCreation(boolean indexCreation) {
            this.indexCreation = indexCreation;
            return this;
        }

        /**
         * Sets the format in which saga state is written (ADR 72). Defaults to {@link StoredJsonFormat#configured()}:
         * format 1 unless system property {@value StoredJsonFormat#PROPERTY} says {@code 2}. Write format 2
         * (decimals as decimal128, {@code format: 2} on the saga) only once every node that reads the collection runs
         * a release that reads it; sagas of both formats are always read.
         */
        public Builder storedJsonFormat(StoredJsonFormat storedJsonFormat) {
            assertNonNull(storedJsonFormat, "The stored JSON format may not be null");
            this.storedJsonFormat = storedJsonFormat;
            return this;
        }

        public MongoSagaStore build() {
            return new MongoSagaStore(this);
        }

        protected void validate() throws AxonConfigurationException {
            assertNonNull(database, "The database is a hard requirement and should be provided");
        }
    }
}
