package dev.cairn.sagas;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.eventstore.mongo.support.MongoIndexes;
import dev.cairn.eventstore.mongo.support.ReplicaSetConcerns;
import dev.cairn.eventstore.mongo.support.StoredJson;
import dev.cairn.eventstore.mongo.support.StoredJsonFormat;
import dev.cairn.sagas.internal.SagaDocuments;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.modelling.saga.AssociationValue;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;

import java.time.Clock;
import java.util.LinkedHashSet;
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
 * Writes sagas that another saga store serialized into the collection of {@link MongoSagaStore}, without loading
 * their classes: how sagas in flight move from another store (the migration from Axon's Mongo extension, ADR 82).
 * Run it while no application uses the collection: an imported saga starts at version 0, and
 * {@link MongoSagaStore} loads it like one it inserted itself.
 * <p>
 * The state must be the text the serializer of the application's {@link MongoSagaStore} reads back (JSON, or
 * XStream's XML when the store is built with an XStream serializer); it is kept by the same policy as the store's
 * own writes (a JSON object as a readable sub-document, other text as a string).
 * <p>
 * Defaults: collection {@value CairnCollections#SAGAS}, the system clock, {@link StoredJsonFormat#configured()}.
 * Build with {@code SagaImport.builder().database(db).build()}; {@code database} is required. Building it ensures the
 * saga store's indexes.
 */
public final class SagaImport {

    private final MongoCollection<BsonDocument> sagas;
    private final Clock clock;
    private final StoredJson storedJson;

    private SagaImport(Builder builder) {
        builder.validate();
        this.sagas = ReplicaSetConcerns.decisive(builder.database)
                                       .getCollection(builder.collectionName, BsonDocument.class);
        this.clock = builder.clock;
        this.storedJson = StoredJson.writing(builder.storedJsonFormat);
        MongoIndexes.prepare(sagas, SagaDocuments.indexes(), true);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Stores one saga, replacing the saga stored under its identifier (importing it again brings it up to date; its
     * {@code createdAt} is kept).
     *
     * @param sagaTypeName      the saga's class name, as {@link MongoSagaStore} looks it up
     * @param sagaIdentifier    the saga's identifier
     * @param serializedState   the saga's serialized state
     * @param associationValues the saga's association values
     */
    public void put(String sagaTypeName, String sagaIdentifier, String serializedState,
                    Set<AssociationValue> associationValues) {
        assertThat(sagaTypeName, n -> n != null && !n.isBlank(),
                   "The saga type name of saga [" + sagaIdentifier + "] may not be blank");
        assertThat(sagaIdentifier, n -> n != null && !n.isBlank(), "The saga identifier may not be blank");
        assertNonNull(serializedState, "The serialized state of saga [" + sagaIdentifier + "] may not be null");
        assertNonNull(associationValues, "The association values of saga [" + sagaIdentifier + "] may not be null");
        BsonDateTime now = new BsonDateTime(clock.millis());
        BsonDocument fields = storedJson.stamp(new BsonDocument(SAGA_TYPE, new BsonString(sagaTypeName))
                .append(VERSION, new BsonInt64(0))
                .append(STATE, storedJson.toBson(serializedState))
                .append(ASSOCIATIONS, SagaDocuments.associations(associationValues))
                .append(UPDATED_AT, now));
        sagas.updateOne(Filters.eq(ID, sagaIdentifier),
                        new BsonDocument("$set", fields).append("$setOnInsert", new BsonDocument(CREATED_AT, now)),
                        new UpdateOptions().upsert(true));
    }

    /**
     * Removes a saga (one that ended in the store the sagas come from since an earlier import).
     *
     * @return whether it was stored
     */
    public boolean remove(String sagaIdentifier) {
        return sagas.deleteOne(Filters.eq(ID, sagaIdentifier)).getDeletedCount() > 0;
    }

    /** @return the identifiers of every stored saga */
    public Set<String> sagaIdentifiers() {
        Set<String> ids = new LinkedHashSet<>();
        sagas.find().projection(Projections.include(ID)).forEach(d -> ids.add(d.getString(ID).getValue()));
        return ids;
    }

    /**
     * Builds a {@link SagaImport}. Setters fail fast; {@link #database} is required. Defaults: collection
     * {@value CairnCollections#SAGAS}, {@link Clock#systemUTC()}, {@link StoredJsonFormat#configured()}.
     */
    public static final class Builder {

        private MongoDatabase database;
        private String collectionName = CairnCollections.SAGAS;
        private Clock clock = Clock.systemUTC();
        private StoredJsonFormat storedJsonFormat = StoredJsonFormat.configured();

        private Builder() {
        }

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

        /** Stamps {@code createdAt}/{@code updatedAt}. Default: the system clock. */
        public Builder clock(Clock clock) {
            assertNonNull(clock, "The clock may not be null");
            this.clock = clock;
            return this;
        }

        /** The format in which saga state is written (ADR 72); default {@link StoredJsonFormat#configured()}. */
        public Builder storedJsonFormat(StoredJsonFormat storedJsonFormat) {
            assertNonNull(storedJsonFormat, "The stored JSON format may not be null");
            this.storedJsonFormat = storedJsonFormat;
            return this;
        }

        public SagaImport build() {
            return new SagaImport(this);
        }

        void validate() throws AxonConfigurationException {
            assertNonNull(database, "The database is a hard requirement and should be provided");
        }
    }
}
