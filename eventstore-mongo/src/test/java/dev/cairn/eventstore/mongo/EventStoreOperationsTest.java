package dev.cairn.eventstore.mongo;

import com.example.ops.Parcels;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ADR 73: what operators ask the event store (statistics, the events after a position), answered from the commit
 * documents without resolving stored type names.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class EventStoreOperationsTest {

    /** A type of another application: on no class path. */
    private static final String ELSEWHERE = "com.example.elsewhere.Orders$OrderPlaced";

    @Test
    void statisticsCountCommitsEventsTheHeadAndTheRecentWindow(MongoDatabase database) {
        // Given three appends of 1, 2 and 3 events
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        String parcel = UUID.randomUUID().toString();
        engine.appendEvents(shipped(parcel, 0, 1));
        engine.appendEvents(shipped(parcel, 1, 2));
        engine.appendEvents(shipped(parcel, 3, 3));
        Instant before = Instant.now().minusSeconds(60);

        // When
        EventStoreStatistics all = engine.operations().statistics(before);
        EventStoreStatistics none = engine.operations().statistics(Instant.now().plusSeconds(60));

        // Then
        assertThat(all.commits()).isEqualTo(3);
        assertThat(all.events()).isEqualTo(6);
        assertThat(all.headPosition()).isEqualTo(engine.createHeadToken().position().orElseThrow());
        assertThat(all.lastCommitAt()).isBetween(before, Instant.now().plusSeconds(1));
        assertThat(all.recentSince()).isEqualTo(before);
        assertThat(all.recentCommits()).isEqualTo(3);
        assertThat(all.recentEvents()).isEqualTo(6);
        assertThat(none.recentCommits()).isZero();
        assertThat(none.recentEvents()).isZero();
        assertThat(none.events()).isEqualTo(6);
    }

    @Test
    void eventsAfterAPositionComeInOrderWithTheirStoredTypeNamesWithinTheLimit(MongoDatabase database) {
        // Given two appends of 2 and 3 events, one event's type renamed to a type of another application
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        String parcel = UUID.randomUUID().toString();
        engine.appendEvents(shipped(parcel, 0, 2));
        engine.appendEvents(shipped(parcel, 2, 3));
        long head = engine.operations().headPosition();
        var commits = database.getCollection(CairnCollections.EVENTS, BsonDocument.class);
        BsonDocument second = commits.find(Filters.eq("events.sequenceNumber", 4L)).first();
        second.getArray("events").get(2).asDocument().put("payloadType", new BsonString(ELSEWHERE));
        commits.replaceOne(Filters.eq("_id", second.get("_id")), second);

        // When the whole store, then two events from inside the second commit, then past the head are asked for
        List<StoredEventView> all = engine.operations().eventsAfter(-1, 100);
        List<StoredEventView> two = engine.operations().eventsAfter(head - 3, 2);
        List<StoredEventView> past = engine.operations().eventsAfter(head, 10);

        // Then every event comes in order, as stored, the foreign type by its stored name
        assertThat(all).extracting(StoredEventView::position)
                       .containsExactly(head - 4, head - 3, head - 2, head - 1, head);
        assertThat(all).extracting(StoredEventView::sequenceNumber).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(all).extracting(StoredEventView::payloadType)
                       .containsExactly(Parcels.ParcelShipped.class.getName(), Parcels.ParcelShipped.class.getName(),
                                        Parcels.ParcelShipped.class.getName(), Parcels.ParcelShipped.class.getName(),
                                        ELSEWHERE);
        StoredEventView first = all.get(0);
        assertThat(first.aggregateType()).isEqualTo("Parcel");
        assertThat(first.aggregateIdentifier()).isEqualTo(parcel);
        assertThat(first.eventIdentifier()).isNotBlank();
        assertThat(first.timestamp()).isNotNull();
        assertThat(first.payload().asDocument().getInt32("items").getValue()).isZero();
        // and a later position, within the limit
        assertThat(two).extracting(StoredEventView::position).containsExactly(head - 2, head - 1);
        assertThat(past).isEmpty();
    }

    @Test
    void operationsOnADatabaseOnlyReadTheCollectionTheApplicationNames(MongoClient client) {
        // Given a store whose events live in a renamed collection
        MongoDatabase database = client.getDatabase("ops_" + UUID.randomUUID().toString().substring(0, 8));
        try {
            MongoEventStorageEngine.builder().database(database).eventCollectionName("bank_events").build()
                                   .appendEvents(shipped("p-1", 0, 2));
            List<String> collectionsBefore = names(database);

            // When operations are opened on the application's collection names, and on the default ones
            EventStoreOperations renamed = EventStoreOperations.on(
                    database, CairnCollections.defaults().with(CairnCollections.Role.EVENTS, "bank_events"));
            EventStoreOperations defaults = EventStoreOperations.on(database, CairnCollections.defaults());
            EventStoreStatistics found = renamed.statistics(Instant.now().minus(Duration.ofMinutes(1)));
            EventStoreStatistics missed = defaults.statistics(Instant.now().minus(Duration.ofMinutes(1)));

            // Then the renamed collection holds the events, and reading created no collection or index
            assertThat(found.events()).isEqualTo(2);
            assertThat(renamed.eventsAfter(-1, 10)).hasSize(2);
            assertThat(missed.events()).isZero();
            assertThat(missed.headPosition()).isZero();
            assertThat(missed.lastCommitAt()).isNull();
            assertThat(defaults.eventsAfter(-1, 10)).isEmpty();
            assertThat(names(database)).isEqualTo(collectionsBefore);
        } finally {
            database.drop();
        }
    }

    @Test
    void aPositionBelowMinusOneOrALimitBelowOneIsRefusedNamingIt(MongoDatabase database) {
        // Given
        EventStoreOperations operations = EventStoreOperations.on(database, CairnCollections.defaults());

        // When / Then
        assertThatThrownBy(() -> operations.eventsAfter(-2, 1)).isInstanceOf(IllegalArgumentException.class)
                                                              .hasMessageContaining("-2");
        assertThatThrownBy(() -> operations.eventsAfter(0, 0)).isInstanceOf(IllegalArgumentException.class)
                                                             .hasMessageContaining("limit")
                                                             .hasMessageContaining("0");
        assertThatThrownBy(() -> EventStoreOperations.on(database, null))
                .hasMessageContaining("collections");
    }

    private static List<String> names(MongoDatabase database) {
        return database.listCollectionNames().into(new ArrayList<>()).stream().sorted().toList();
    }

    private static List<EventMessage<?>> shipped(String parcel, long firstSequence, int count) {
        List<EventMessage<?>> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long sequence = firstSequence + i;
            events.add(new GenericDomainEventMessage<>("Parcel", parcel, sequence,
                                                       new Parcels.ParcelShipped(parcel, (int) sequence)));
        }
        return events;
    }
}
