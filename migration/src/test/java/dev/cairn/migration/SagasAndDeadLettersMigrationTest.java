package dev.cairn.migration;

import com.example.migration.LedgerEvents;
import com.example.migration.Shipping;
import com.example.migration.ShippingEvents;
import dev.cairn.eventstore.mongo.CairnSerializers;
import dev.cairn.migration.support.MigrationFixture;
import dev.cairn.migration.support.SagaApplication;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.sagas.MongoSagaStore;
import com.mongodb.client.MongoClient;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.extensions.mongo.eventhandling.deadletter.MongoSequencedDeadLetterQueue;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sagas in flight and parked events survive the move: a saga started on axon-mongo continues on Cairn's saga store
 * with its associations, a letter of the extension's dead-letter queue waits in Cairn's queue of its processing group,
 * and the deadlines a scheduler keeps elsewhere are listed for the operator.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class SagasAndDeadLettersMigrationTest {

    private MigrationFixture fixture;

    @BeforeEach
    void setUp(MongoClient client) {
        fixture = new MigrationFixture(client, "sagas");
        fixture.emptyEventStore();
    }

    @Test
    void aSagaStartedOnAxonMongoContinuesOnCairnWithItsAssociations() {
        // given a saga started on axon-mongo's saga store, associated with its order and its parcel, and one ended
        org.axonframework.extensions.mongo.eventhandling.saga.repository.MongoSagaStore legacyStore =
                org.axonframework.extensions.mongo.eventhandling.saga.repository.MongoSagaStore
                        .builder().mongoTemplate(fixture.template())
                        .serializer(JacksonSerializer.defaultSerializer()).build();
        SagaApplication legacy = new SagaApplication(legacyStore);
        legacy.publish(new ShippingEvents.OrderPlaced("o-1", "p-1"));
        legacy.publish(new ShippingEvents.OrderPlaced("o-2", "p-2"));
        legacy.publish(new ShippingEvents.ParcelDelivered("p-2"));
        String sagaId = legacyStore.findSagas(Shipping.class, new AssociationValue("orderId", "o-1"))
                                   .iterator().next();

        // when it is migrated
        MigrationReport report = fixture.migration().build().run();

        // then the saga in flight moved with its associations, and the ended one did not
        assertThat(report.sagas()).isEqualTo(1);
        MongoSagaStore cairnStore = MongoSagaStore.builder().database(fixture.target()).build();
        assertThat(cairnStore.findSagas(Shipping.class, new AssociationValue("parcelId", "p-1"))).containsExactly(sagaId);
        assertThat(cairnStore.findSagas(Shipping.class, new AssociationValue("orderId", "o-1"))).containsExactly(sagaId);
        assertThat(cairnStore.loadSaga(Shipping.class, sagaId).associationValues())
                .containsExactlyInAnyOrder(new AssociationValue("orderId", "o-1"),
                                           new AssociationValue("parcelId", "p-1"));

        // and its next event reaches it on Cairn, through the association it made on axon-mongo
        SagaApplication cairn = new SagaApplication(cairnStore);
        cairn.publish(new ShippingEvents.ParcelSent("p-1", "post"));
        assertThat(cairnStore.loadSaga(Shipping.class, sagaId).saga().seen())
                .containsExactly("placed o-1", "sent p-1 by post");
        cairn.publish(new ShippingEvents.ParcelDelivered("p-1"));
        assertThat(cairnStore.contains(sagaId)).isFalse();
    }

    @Test
    void aSagaThatEndedInTheSourceSinceTheLastRunIsRemovedByTheNextRun() {
        // given a saga migrated while in flight
        org.axonframework.extensions.mongo.eventhandling.saga.repository.MongoSagaStore legacyStore =
                org.axonframework.extensions.mongo.eventhandling.saga.repository.MongoSagaStore
                        .builder().mongoTemplate(fixture.template())
                        .serializer(JacksonSerializer.defaultSerializer()).build();
        SagaApplication legacy = new SagaApplication(legacyStore);
        legacy.publish(new ShippingEvents.OrderPlaced("o-3", "p-3"));
        legacy.publish(new ShippingEvents.OrderPlaced("o-4", "p-4"));
        AxonMongoMigration migration = fixture.migration().build();
        migration.run();

        // when one ends and the other moves on in the source, and the migration runs again
        legacy.publish(new ShippingEvents.ParcelDelivered("p-3"));
        legacy.publish(new ShippingEvents.ParcelSent("p-4", "van"));
        MigrationReport delta = migration.run();

        // then Cairn holds the live saga as it is now, and not the ended one
        assertThat(delta.sagas()).isEqualTo(1);
        assertThat(delta.endedSagas()).isEqualTo(1);
        MongoSagaStore cairnStore = MongoSagaStore.builder().database(fixture.target()).build();
        assertThat(cairnStore.findSagas(Shipping.class, new AssociationValue("orderId", "o-3"))).isEmpty();
        String live = cairnStore.findSagas(Shipping.class, new AssociationValue("orderId", "o-4")).iterator().next();
        assertThat(cairnStore.loadSaga(Shipping.class, live).saga().seen())
                .containsExactly("placed o-4", "sent p-4 by van");
    }

    @Test
    void parkedEventsWaitInCairnsQueueOfTheirProcessingGroup() {
        // given two letters of one sequence and one of another in the extension's dead-letter queue
        MongoSequencedDeadLetterQueue<EventMessage<?>> legacyQueue =
                MongoSequencedDeadLetterQueue.<EventMessage<?>>builder().processingGroup("ledger-view")
                                             .mongoTemplate(fixture.template())
                                             .serializer(JacksonSerializer.defaultSerializer()).build();
        List<String> identifiers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            DomainEventMessage<?> event = new GenericDomainEventMessage<>(
                    "Ledger", i < 2 ? "l-1" : "l-2", i, new LedgerEvents.Booked("l-1", new BigDecimal("12.50"),
                                                                                "note " + i),
                    MetaData.with("tenant", "t-1"));
            identifiers.add(event.getIdentifier());
            legacyQueue.enqueue(event.getAggregateIdentifier(),
                                new GenericDeadLetter<>(event.getAggregateIdentifier(), event,
                                                        new IllegalStateException("view down " + i)));
        }

        // when it is migrated
        MigrationReport report = fixture.migration().build().run();

        // then Cairn's queue of the group holds them, in order, with their events and causes
        assertThat(report.deadLetters()).isEqualTo(3);
        dev.cairn.projections.MongoSequencedDeadLetterQueue<EventMessage<?>> queue =
                dev.cairn.projections.MongoSequencedDeadLetterQueue.<EventMessage<?>>builder()
                                                                   .processingGroup("ledger-view")
                                                                   .database(fixture.target()).build();
        assertThat(queue.size()).isEqualTo(3);
        List<DeadLetter<? extends EventMessage<?>>> sequence = new ArrayList<>();
        queue.deadLetterSequence("l-1").forEach(sequence::add);
        assertThat(sequence).extracting(l -> l.message().getIdentifier())
                            .containsExactly(identifiers.get(0), identifiers.get(1));
        DeadLetter<? extends EventMessage<?>> first = sequence.get(0);
        assertThat(first.message().getPayload()).isEqualTo(new LedgerEvents.Booked("l-1", new BigDecimal("12.50"),
                                                                                   "note 0"));
        assertThat(first.message().getMetaData()).containsEntry("tenant", "t-1");
        assertThat(((DomainEventMessage<?>) first.message()).getSequenceNumber()).isZero();
        assertThat(first.cause()).get().extracting(c -> c.type(), c -> c.message())
                                 .containsExactly(IllegalStateException.class.getName(), "view down 0");
        assertThat(queue.contains("l-2")).isTrue();

        // and a second run replaces them rather than adding them again
        fixture.migration().build().run();
        assertThat(queue.size()).isEqualTo(3);
    }

    @Test
    void deadlinesKeptByASchedulerInTheSourceAreListedNotMoved() {
        // given a JobRunr job store in the source database holding one scheduled deadline
        fixture.source().getCollection("jobrunr_jobs").insertOne(
                new Document("_id", "job-7").append("state", "SCHEDULED").append("scheduledAt", 1_800_000_000_000L));

        // when it is migrated
        MigrationReport report = fixture.migration().build().run();

        // then the deadline is listed for the operator, named by its collection and identifier
        assertThat(report.deadlines()).singleElement().asString()
                                      .contains("jobrunr_jobs", "job-7", "SCHEDULED", "not moved");
    }

    @Test
    void aSagaDocumentWithoutItsStateIsNamedWithTheMissingField() {
        // given a sagas collection holding a document without the serialized saga
        fixture.source().getCollection("sagas").insertOne(
                new Document("sagaIdentifier", "s-1").append("sagaType", Shipping.class.getName()));

        // when it is migrated, then it is refused naming the collection and the field
        assertThatThrownBy(() -> fixture.migration().build().run())
                .isInstanceOf(NotAnAxonMongoStoreException.class)
                .hasMessageContaining("[sagas]").hasMessageContaining("[serializedSaga]");
    }
}
