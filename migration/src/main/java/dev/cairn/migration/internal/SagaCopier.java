package dev.cairn.migration.internal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.cairn.migration.NotAnAxonMongoStoreException;
import dev.cairn.sagas.SagaImport;
import org.axonframework.modelling.saga.AssociationValue;
import org.bson.BsonDocument;
import org.bson.BsonValue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Moves the sagas in flight of the extension's saga store ({@code {sagaType, sagaIdentifier, serializedSaga: binary,
 * associations: [{key, value}]}}) into Cairn's saga store, their serialized state copied as text (never
 * deserialized). A rerun brings every saga up to date and removes from the target the sagas that ended in the source
 * since: the source is the truth until cut-over (ADR 82).
 */
public final class SagaCopier {

    static final String SAGA_TYPE = "sagaType";
    static final String SAGA_IDENTIFIER = "sagaIdentifier";
    static final String SERIALIZED_SAGA = "serializedSaga";
    static final String ASSOCIATIONS = "associations";

    private final MongoDatabase source;
    private final String collectionName;

    public SagaCopier(MongoDatabase source, String collectionName) {
        this.source = source;
        this.collectionName = collectionName;
    }

    /** What the saga phase did. */
    public record Copied(long sagas, long ended) {
    }

    /**
     * Fails unless the first saga document has the extension's fields.
     *
     * @throws NotAnAxonMongoStoreException naming the collection, document and field
     */
    public void check() {
        if (SourceCollections.exists(source, collectionName)) {
            BsonDocument first = source.getCollection(collectionName, BsonDocument.class).find().first();
            if (first != null) {
                saga(first);
            }
        }
    }

    /**
     * @param target where Cairn's saga store keeps its sagas; {@code null} for a dry run (count only)
     */
    public Copied copy(SagaImport target) {
        if (!SourceCollections.exists(source, collectionName)) {
            return new Copied(0, 0);
        }
        MongoCollection<BsonDocument> sagas = source.getCollection(collectionName, BsonDocument.class);
        Set<String> present = new HashSet<>();
        for (BsonDocument document : sagas.find()) {
            Saga saga = saga(document);
            present.add(saga.identifier());
            if (target != null) {
                target.put(saga.type(), saga.identifier(), saga.state(), saga.associations());
            }
        }
        long ended = 0;
        if (target != null) {
            for (String id : target.sagaIdentifiers()) {
                if (!present.contains(id) && target.remove(id)) {
                    ended++;
                }
            }
        }
        return new Copied(present.size(), ended);
    }

    private record Saga(String type, String identifier, String state, Set<AssociationValue> associations) {
    }

    private Saga saga(BsonDocument document) {
        String id = string(document, SAGA_IDENTIFIER);
        String type = string(document, SAGA_TYPE);
        BsonValue state = document.get(SERIALIZED_SAGA);
        if (state == null || !state.isBinary()) {
            throw missing(document, SERIALIZED_SAGA, state == null ? "is missing" : "is " + state.getBsonType()
                    + ", expected BINARY");
        }
        return new Saga(type, id, new String(state.asBinary().getData(), StandardCharsets.UTF_8),
                        associations(document));
    }

    private Set<AssociationValue> associations(BsonDocument document) {
        Set<AssociationValue> values = new HashSet<>();
        BsonValue array = document.get(ASSOCIATIONS);
        if (array == null || !array.isArray()) {
            return values;
        }
        for (BsonValue element : array.asArray()) {
            if (!element.isDocument()) {
                throw missing(document, ASSOCIATIONS, "holds " + element.getBsonType() + ", expected documents");
            }
            values.add(new AssociationValue(string(element.asDocument(), "key", document),
                                            string(element.asDocument(), "value", document)));
        }
        return values;
    }

    private String string(BsonDocument document, String field) {
        return string(document, field, document);
    }

    private String string(BsonDocument value, String field, BsonDocument document) {
        BsonValue found = value.get(field);
        if (found == null || !found.isString()) {
            throw missing(document, field, found == null ? "is missing" : "is " + found.getBsonType()
                    + ", expected STRING");
        }
        return found.asString().getValue();
    }

    private NotAnAxonMongoStoreException missing(BsonDocument document, String field, String problem) {
        return new NotAnAxonMongoStoreException("Collection [" + collectionName + "] of database [" + source.getName()
                                                        + "] is not an axon-mongo saga store: field [" + field + "] "
                                                        + problem + " in document _id=" + document.get("_id"));
    }
}
