package dev.cairn.sagas.internal;

import dev.cairn.eventstore.mongo.layout.IndexCatalog;
import dev.cairn.eventstore.mongo.support.IndexSpec;
import org.axonframework.modelling.saga.AssociationValue;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The stored form of a saga: {@code {_id: sagaId, sagaType, version, state, associations: [{key, value}], createdAt,
 * updatedAt}}. The only place that spells the saga collection's field names.
 */
public final class SagaDocuments {

    public static final String ID = "_id";
    public static final String SAGA_TYPE = "sagaType";
    public static final String VERSION = "version";
    public static final String STATE = "state";
    public static final String ASSOCIATIONS = "associations";
    public static final String KEY = "key";
    public static final String VALUE = "value";
    public static final String CREATED_AT = "createdAt";
    public static final String UPDATED_AT = "updatedAt";

    /**
     * The association lookup's index: the saga type, then key and value of the associations (multikey). Not unique:
     * several sagas may share an association value.
     */
    public static final IndexSpec ASSOCIATION_INDEX = IndexCatalog.SAGAS.get(0);

    private SagaDocuments() {
    }

    /**
     * @return the filter of an association lookup: equality on the saga type, and on key and value of <em>one</em>
     * association through {@code $elemMatch}, which lets MongoDB combine the bounds of both multikey fields of
     * {@link #ASSOCIATION_INDEX} (two separate dotted conditions could match key and value in different elements)
     */
    public static Bson associationFilter(String sagaType, AssociationValue association) {
        return new BsonDocument(SAGA_TYPE, new BsonString(sagaType))
                .append(ASSOCIATIONS, new BsonDocument("$elemMatch", element(association)));
    }

    public static BsonArray associations(Set<AssociationValue> values) {
        BsonArray array = new BsonArray();
        values.stream()
              .sorted((a, b) -> a.getKey().equals(b.getKey()) ? a.getValue().compareTo(b.getValue())
                      : a.getKey().compareTo(b.getKey()))
              .forEach(value -> array.add(element(value)));
        return array;
    }

    public static Set<AssociationValue> associations(BsonDocument saga) {
        Set<AssociationValue> values = new HashSet<>();
        BsonValue array = saga.get(ASSOCIATIONS);
        if (array != null && array.isArray()) {
            for (BsonValue element : array.asArray()) {
                BsonDocument association = element.asDocument();
                values.add(new AssociationValue(association.getString(KEY).getValue(),
                                                association.getString(VALUE).getValue()));
            }
        }
        return values;
    }

    private static BsonDocument element(AssociationValue association) {
        return new BsonDocument(KEY, new BsonString(association.getKey()))
                .append(VALUE, new BsonString(association.getValue()));
    }

    /** @return the indexes of the saga collection, from {@link IndexCatalog#SAGAS} */
    public static List<IndexSpec> indexes() {
        return IndexCatalog.SAGAS;
    }
}
