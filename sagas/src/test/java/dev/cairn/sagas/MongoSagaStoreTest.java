package dev.cairn.sagas;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.cairn.mongo.embedded.junit.CommandCounter;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValues;
import org.axonframework.modelling.saga.AssociationValuesImpl;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(EmbeddedMongoExtension.class)
class MongoSagaStoreTest {

    /** A saga as Jackson sees it: fields, one of them a resource that must not be stored. */
    public static class TripSaga {
        String tripId;
        int legs;
        BigDecimal price;
        transient Object injectedGateway = new Object();
    }

    public static class OtherSaga {
        String tripId;
    }

    private static TripSaga trip(String id, int legs) {
        TripSaga saga = new TripSaga();
        saga.tripId = id;
        saga.legs = legs;
        saga.price = new BigDecimal("12.5");
        return saga;
    }

    private static AssociationValues associations(AssociationValue... values) {
        AssociationValuesImpl associations = new AssociationValuesImpl();
        for (AssociationValue value : values) {
            associations.add(value);
        }
        return associations;
    }

    @Test
    void aSagaIsCreatedLoadedUpdatedAndDeletedAsOneReadableDocument(MongoDatabase database) {
        // Given a store and a new saga
        MongoSagaStore store = MongoSagaStore.builder().database(database).build();
        AssociationValue trip = new AssociationValue("tripId", "t-1");
        store.insertSaga(TripSaga.class, "s-1", trip("t-1", 1), Set.of(trip));

        // When it is loaded, changed and stored
        SagaStore.Entry<TripSaga> loaded = store.loadSaga(TripSaga.class, "s-1");
        loaded.saga().legs = 2;
        store.updateSaga(TripSaga.class, "s-1", loaded.saga(),
                         associations(trip, new AssociationValue("hotelId", "h-9")));

        // Then the document is readable, versioned, and holds no resources
        Document stored = database.getCollection(CairnCollections.SAGAS).find(Filters.eq("_id", "s-1")).first();
        assertThat(stored.getString("sagaType")).isEqualTo(TripSaga.class.getName());
        assertThat(stored.getLong("version")).isEqualTo(1L);
        Document state = stored.get("state", Document.class);
        assertThat(state.getString("tripId")).isEqualTo("t-1");
        assertThat(state.getInteger("legs")).isEqualTo(2);
        assertThat(state).doesNotContainKey("injectedGateway");
        assertThat(stored.getList("associations", Document.class))
                .extracting(a -> a.getString("key") + "=" + a.getString("value"))
                .containsExactly("hotelId=h-9", "tripId=t-1");

        // And it loads back with the same state and associations
        SagaStore.Entry<TripSaga> again = store.loadSaga(TripSaga.class, "s-1");
        assertThat(again.saga().legs).isEqualTo(2);
        assertThat(again.saga().price).isEqualTo(new BigDecimal("12.5"));
        assertThat(again.associationValues()).containsExactlyInAnyOrder(trip, new AssociationValue("hotelId", "h-9"));

        // When it is deleted, it is gone
        store.deleteSaga(TripSaga.class, "s-1", again.associationValues());
        assertThat(store.loadSaga(TripSaga.class, "s-1")).isNull();
        assertThat(store.findSagas(TripSaga.class, trip)).isEmpty();
    }

    @Test
    void stateBsonCannotHoldExactlyIsStoredAsTheSerializersJsonText(MongoDatabase database) {
        // Given a saga whose JSON has a decimal with a trailing zero (BSON would read it as the double 12.5)
        MongoSagaStore store = MongoSagaStore.builder().database(database).build();
        TripSaga saga = trip("t-1", 1);
        saga.price = new BigDecimal("12.50");
        store.insertSaga(TripSaga.class, "s-1", saga, Set.of());

        // Then the state is kept as text and reads back with its scale
        Document stored = database.getCollection(CairnCollections.SAGAS).find(Filters.eq("_id", "s-1")).first();
        assertThat(stored.get("state")).isInstanceOf(String.class);
        assertThat(store.loadSaga(TripSaga.class, "s-1").saga().price).isEqualTo(new BigDecimal("12.50"));
    }

    @Test
    void associationLookupFindsSagasOfTheTypeSharingTheValue(MongoDatabase database) {
        // Given three trip sagas and one of another type, two trips sharing a customer
        MongoSagaStore store = MongoSagaStore.builder().database(database).build();
        AssociationValue customer = new AssociationValue("customerId", "c-1");
        store.insertSaga(TripSaga.class, "s-1", trip("t-1", 1), Set.of(customer, new AssociationValue("tripId", "t-1")));
        store.insertSaga(TripSaga.class, "s-2", trip("t-2", 1), Set.of(customer, new AssociationValue("tripId", "t-2")));
        store.insertSaga(TripSaga.class, "s-3", trip("t-3", 1), Set.of(new AssociationValue("customerId", "c-2")));
        store.insertSaga(OtherSaga.class, "o-1", new OtherSaga(), Set.of(customer));

        // Then a lookup matches type, key and value together
        assertThat(store.findSagas(TripSaga.class, customer)).containsExactlyInAnyOrder("s-1", "s-2");
        assertThat(store.findSagas(TripSaga.class, new AssociationValue("tripId", "t-2"))).containsExactly("s-2");
        assertThat(store.findSagas(TripSaga.class, new AssociationValue("tripId", "c-1"))).isEmpty();
        assertThat(store.findSagas(OtherSaga.class, customer)).containsExactly("o-1");
        // and a saga is loaded only as its own type
        assertThat(store.loadSaga(OtherSaga.class, "s-1")).isNull();
    }

    @Test
    void aConcurrentUpdateFromAnotherStoreIsDetected(MongoDatabase database) {
        // Given two nodes' stores that both loaded version 0 of a saga
        MongoSagaStore nodeA = MongoSagaStore.builder().database(database).build();
        MongoSagaStore nodeB = MongoSagaStore.builder().database(database).build();
        AssociationValue trip = new AssociationValue("tripId", "t-1");
        nodeA.insertSaga(TripSaga.class, "s-1", trip("t-1", 1), Set.of(trip));
        TripSaga onA = nodeA.loadSaga(TripSaga.class, "s-1").saga();
        TripSaga onB = nodeB.loadSaga(TripSaga.class, "s-1").saga();

        // When A updates first
        onA.legs = 2;
        nodeA.updateSaga(TripSaga.class, "s-1", onA, associations(trip));

        // Then B's update of the stale state is refused, naming the saga, and A's state stands
        onB.legs = 7;
        assertThatThrownBy(() -> nodeB.updateSaga(TripSaga.class, "s-1", onB, associations(trip)))
                .isInstanceOf(SagaConcurrencyException.class)
                .hasMessageContaining("[s-1]").hasMessageContaining(TripSaga.class.getName())
                .hasMessageContaining("version 0");
        assertThat(nodeA.loadSaga(TripSaga.class, "s-1").saga().legs).isEqualTo(2);

        // And after loading again, B can update
        TripSaga fresh = nodeB.loadSaga(TripSaga.class, "s-1").saga();
        fresh.legs = 3;
        nodeB.updateSaga(TripSaga.class, "s-1", fresh, associations(trip));
        assertThat(nodeA.loadSaga(TripSaga.class, "s-1").saga().legs).isEqualTo(3);
    }

    @Test
    void endingASagaAnotherNodeChangedIsDetectedAndInsertingTwiceIsRefused(MongoDatabase database) {
        // Given two stores that loaded the same saga, and A changed it
        MongoSagaStore nodeA = MongoSagaStore.builder().database(database).build();
        MongoSagaStore nodeB = MongoSagaStore.builder().database(database).build();
        AssociationValue trip = new AssociationValue("tripId", "t-1");
        nodeA.insertSaga(TripSaga.class, "s-1", trip("t-1", 1), Set.of(trip));
        TripSaga onA = nodeA.loadSaga(TripSaga.class, "s-1").saga();
        nodeB.loadSaga(TripSaga.class, "s-1");
        nodeA.updateSaga(TripSaga.class, "s-1", onA, associations(trip));

        // Then B cannot end it on its stale view, and a second insert of the id is refused
        assertThatThrownBy(() -> nodeB.deleteSaga(TripSaga.class, "s-1", Set.of(trip)))
                .isInstanceOf(SagaConcurrencyException.class).hasMessageContaining("[s-1]");
        assertThatThrownBy(() -> nodeB.insertSaga(TripSaga.class, "s-1", trip("t-1", 1), Set.of(trip)))
                .isInstanceOf(SagaConcurrencyException.class).hasMessageContaining("already exists");
        assertThat(nodeA.loadSaga(TripSaga.class, "s-1")).isNotNull();
    }

    @Test
    void anAssociationLookupIsOneQueryOnExactlyTheIndexedKeys(MongoTarget target, MongoDatabase database) {
        // Given a store on a client whose commands are counted, and sagas to find
        CommandCounter counter = new CommandCounter();
        try (MongoClient counted = counter.newClient(target.connectionString())) {
            MongoSagaStore store = MongoSagaStore.builder().database(counted.getDatabase(database.getName())).build();
            for (int i = 0; i < 50; i++) {
                store.insertSaga(TripSaga.class, "s-" + i, trip("t-" + i, 1),
                                 Set.of(new AssociationValue("tripId", "t-" + i)));
            }

            // When one association is looked up
            counter.reset();
            Set<String> found = store.findSagas(TripSaga.class, new AssociationValue("tripId", "t-7"));

            // Then it is a single find, with plain equality on exactly the keys of the association index
            assertThat(found).containsExactly("s-7");
            assertThat(counter.total()).isEqualTo(1);
            assertThat(counter.count("find")).isEqualTo(1);
            BsonDocument filter = counter.commands().get(0).getCommand().getDocument("filter");
            assertThat(filter.keySet()).containsExactly("sagaType", "associations");
            assertThat(filter.get("associations").asDocument().getDocument("$elemMatch").keySet())
                    .containsExactly("key", "value");
            BsonDocument index = database.getCollection(CairnCollections.SAGAS).listIndexes(BsonDocument.class)
                                         .into(new java.util.ArrayList<>()).stream()
                                         .filter(i -> i.getString("name").getValue().equals("cairn_sagas_associations"))
                                         .findFirst().orElseThrow();
            assertThat(index.getDocument("key").keySet())
                    .containsExactly("sagaType", "associations.key", "associations.value");

            // And on a real MongoDB the plan is an index scan that examines only the matching key
            if (!target.embedded()) {
                Document plan = counted.getDatabase(database.getName()).runCommand(new Document(
                        "explain", new Document("find", CairnCollections.SAGAS).append("filter", filter))
                        .append("verbosity", "executionStats"));
                Document stats = plan.get("executionStats", Document.class);
                assertThat(plan.toJson()).contains("IXSCAN").contains("cairn_sagas_associations");
                assertThat(((Number) stats.get("totalKeysExamined")).longValue()).isEqualTo(1L);
            }
        }
    }
}
