package dev.cairn.migration;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.cairn.migration.support.Await;
import dev.cairn.migration.support.SourceApplication;
import dev.cairn.migration.support.TargetApplication;
import dev.cairn.migration.support.MigrationFixture;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.processing.MongoTokenStore;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tracking processor of an axon-mongo application stops in the middle of the stream; after the migration, the same
 * processor on Cairn, starting from its converted token, handles exactly the events it had not handled: the events
 * written after it stopped and a late event inside its look-back window that it never saw (a gap of the converted
 * token), and none of those it had handled. What "not handled" means is asked of the extension itself: its own
 * processor, restarted on the untouched source, handles the same set.
 * <p>
 * Scaled down from the 20,000 events of 200 aggregates to 600 + 300 events of 20 aggregates.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class TokensMigrationTest {

    private static final String PROCESSOR = "ledger-view";
    private MongoDatabase source;
    private MongoDatabase target;
    private MongoClient client;

    @BeforeEach
    void setUp(MongoClient client) {
        this.client = client;
        MigrationFixture fixture = new MigrationFixture(client, "tokens");
        source = fixture.source();
        target = fixture.target();
    }

    @Test
    void theProcessorOnCairnHandlesExactlyTheEventsItHadNotHandled() {
        // given an axon-mongo application whose processor handled the first 600 events and stopped
        Set<String> handledBefore = ConcurrentHashMap.newKeySet();
        List<String> ids;
        try (SourceApplication legacy = new SourceApplication(client, source.getName(),
                                                              JacksonSerializer.defaultSerializer(), 1000)) {
            ids = legacy.write("ledger", 20, 600, 5);
            legacy.startProcessor(PROCESSOR, handledBefore::add);
            Await.until("the processor handled 600 events", Duration.ofSeconds(20), () -> handledBefore.size() == 600);
            legacy.stopProcessor();
            // and 300 more events arrived after it stopped
            legacy.book(ids, 300, 6);
        }
        // and one event committed late, with a timestamp inside the token's look-back window, that it never saw
        Document token = source.getCollection("trackingtokens").find(new Document("processorName", PROCESSOR)).first();
        Document late = source.getCollection("domainevents").find(new Document("aggregateIdentifier", "ledger-3"))
                              .sort(new Document("sequenceNumber", -1)).first();
        String lateTimestamp = lastHandledTimestamp(handledBefore).minusMillis(200).toString();
        source.getCollection("domainevents").insertOne(
                new Document(late).append("_id", new org.bson.types.ObjectId())
                                  .append("aggregateIdentifier", "late-1").append("sequenceNumber", 0L)
                                  .append("eventIdentifier", "late-event-1").append("timestamp", lateTimestamp));
        assertThat(token).isNotNull();

        // when the store is migrated
        MigrationReport report = AxonMongoMigration.builder().sourceDatabase(source).targetDatabase(target).build()
                                                   .run();
        assertThat(report.tokenSegments()).isEqualTo(1);

        // then the converted token (Axon 4.13 stores a replay token from a processor's first start; its position is
        // inside) has the late event as a gap below its index
        MongoTokenStore cairnTokens = MongoTokenStore.builder().database(target).build();
        GapAwareTrackingToken converted = WrappedToken.unwrap(cairnTokens.fetchToken(PROCESSOR, 0),
                                                              GapAwareTrackingToken.class).orElseThrow();
        cairnTokens.releaseClaim(PROCESSOR, 0);
        long lateIndex = lateIndexByScan();
        assertThat(converted.getGaps()).contains(lateIndex);

        // and the processor on Cairn handles exactly the events not handled before
        Set<String> handledOnCairn = ConcurrentHashMap.newKeySet();
        try (TargetApplication cairn = new TargetApplication(target)) {
            TrackingEventProcessor processor = processor(cairn, cairnTokens, handledOnCairn);
            processor.start();
            Await.until("the Cairn processor handled the new events", Duration.ofSeconds(20),
                        () -> handledOnCairn.size() >= 301);
            Await.quiet(Duration.ofMillis(500), handledOnCairn::size);
            processor.shutDown();
        }
        assertThat(handledOnCairn).contains("late-event-1").hasSize(301).doesNotContainAnyElementsOf(handledBefore);

        // and it is the set the extension's own processor handles when restarted on the untouched source
        Set<String> handledByTheExtension = ConcurrentHashMap.newKeySet();
        try (SourceApplication legacy = new SourceApplication(client, source.getName(),
                                                              JacksonSerializer.defaultSerializer(), 1000)) {
            legacy.startProcessor(PROCESSOR, handledByTheExtension::add);
            Await.until("the extension's processor handled the new events", Duration.ofSeconds(20),
                        () -> handledByTheExtension.size() >= 301);
            Await.quiet(Duration.ofMillis(500), handledByTheExtension::size);
        }
        assertThat(new HashSet<>(handledOnCairn)).isEqualTo(new HashSet<>(handledByTheExtension));
    }

    /** @return the global index of the late event */
    private long lateIndexByScan() {
        for (Document commit : target.getCollection("events").find()) {
            List<Document> events = commit.getList("events", Document.class);
            for (int i = 0; i < events.size(); i++) {
                if ("late-event-1".equals(events.get(i).getString("eventIdentifier"))) {
                    return commit.getLong("_id") + i;
                }
            }
        }
        throw new AssertionError("the late event was not migrated");
    }

    private Instant lastHandledTimestamp(Set<String> handled) {
        Instant latest = Instant.MIN;
        for (Document event : source.getCollection("domainevents").find()) {
            if (handled.contains(event.getString("eventIdentifier"))) {
                Instant at = Instant.parse(event.getString("timestamp"));
                latest = at.isAfter(latest) ? at : latest;
            }
        }
        return latest;
    }

    private static TrackingEventProcessor processor(TargetApplication cairn, MongoTokenStore tokens, Set<String> seen) {
        Object listener = new Object() {
            @EventHandler
            void on(Object payload, EventMessage<?> message) {
                seen.add(message.getIdentifier());
            }
        };
        return TrackingEventProcessor.builder().name(PROCESSOR)
                                     .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(listener)
                                                                                   .build())
                                     .messageSource(cairn.eventStore()).tokenStore(tokens)
                                     .transactionManager(NoTransactionManager.INSTANCE)
                                     .trackingEventProcessorConfiguration(
                                             TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                                                                .andBatchSize(10))
                                     .build();
    }
}
