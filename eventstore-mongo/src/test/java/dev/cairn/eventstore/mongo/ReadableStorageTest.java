package dev.cairn.eventstore.mongo;

import com.mongodb.client.MongoDatabase;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property 6: payloads and metadata are BSON documents an operator can query; timestamps are dates; values come
 * back exactly as they went in; events outside aggregates are stored and streamed too.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class ReadableStorageTest {

    record Priced(String sku, BigDecimal price, double weight, long stock, Instant at, List<String> tags) {
    }

    record Odd(Map<String, String> attributes) {
    }

    private MongoDatabase database;
    private MongoEventStorageEngine engine;

    @BeforeEach
    void setUp(MongoDatabase database) {
        this.database = database;
        this.engine = MongoEventStorageEngine.builder().database(database).build();
    }

    @Test
    void payloadAndMetaDataAreQueryableDocuments() {
        // given
        Priced payload = new Priced("sku-1", new BigDecimal("12.50"), 0.1, 9_000_000_000L,
                                    Instant.parse("2026-03-04T05:06:07.123456789Z"), List.of("a", "b"));
        engine.appendEvents(TestEvents.event("p", 0, payload).andMetaData(Map.of("user", "ann")));

        // when an operator queries by a payload field
        Document commit = database.getCollection("events")
                                  .find(new Document("events.payload.sku", "sku-1")).first();

        // then it finds the commit, with typed BSON values
        assertThat(commit).isNotNull();
        Document event = commit.getList("events", Document.class).get(0);
        Document stored = event.get("payload", Document.class);
        assertThat(stored.get("price")).isEqualTo(new Decimal128(new BigDecimal("12.50")));
        assertThat(stored.get("weight")).isEqualTo(0.1);
        assertThat(stored.get("stock")).isEqualTo(9_000_000_000L);
        assertThat(stored.getList("tags", String.class)).containsExactly("a", "b");
        assertThat(event.get("metaData", Document.class).getString("user")).isEqualTo("ann");
        assertThat(commit.get("timestamp")).isInstanceOf(Date.class);
        assertThat(event.getString("payloadType")).isEqualTo(Priced.class.getName());

        // and the event reads back equal, to the nanosecond and the decimal scale
        DomainEventMessage<?> read = engine.readEvents("p").next();
        assertThat(read.getPayload()).isEqualTo(payload);
        assertThat(read.getMetaData()).containsEntry("user", "ann");
    }

    @Test
    void anEventLeavesOutWhatItsCommitAlreadySaysAndReadsItBack() {
        // given a commit of two events, the first a second older than the second, neither with metadata
        Instant older = Instant.parse("2026-03-04T05:06:06.000000001Z");
        Instant newer = Instant.parse("2026-03-04T05:06:07.123456789Z");
        engine.appendEvents(List.of(
                new org.axonframework.eventhandling.GenericDomainEventMessage<>("Account", "lean", 0, "x", Map.of(),
                                                                                "id-lean-0", older),
                new org.axonframework.eventhandling.GenericDomainEventMessage<>("Account", "lean", 1, "y", Map.of(),
                                                                                "id-lean-1", newer)));

        // when
        Document commit = database.getCollection("events").find(new Document("streamKeys", "lean#0")).first();
        List<Document> stored = commit.getList("events", Document.class);

        // then the event in the commit's millisecond has no timestamp of its own, the older one keeps its own, and
        // neither stores empty metadata
        assertThat(commit.getDate("timestamp").toInstant()).isEqualTo(newer.truncatedTo(ChronoUnit.MILLIS));
        assertThat(stored.get(0).getDate("timestamp").toInstant()).isEqualTo(older.truncatedTo(ChronoUnit.MILLIS));
        assertThat(stored.get(1).containsKey("timestamp")).isFalse();
        assertThat(stored).noneMatch(event -> event.containsKey("metaData"));

        // and both read back exactly, with empty metadata
        List<? extends DomainEventMessage<?>> read = engine.readEvents("lean").asStream().toList();
        assertThat(read).extracting(DomainEventMessage::getTimestamp).containsExactly(older, newer);
        assertThat(read).allSatisfy(event -> assertThat(event.getMetaData()).isEmpty());
        assertThat(engine.readEvents(null, false).map(org.axonframework.eventhandling.EventMessage::getTimestamp)
                         .toList()).containsExactly(older, newer);
    }

    @Test
    void eventTimestampsKeepTheirFullPrecision() {
        // given
        Instant timestamp = Instant.parse("2026-03-04T05:06:07.123456789Z");
        engine.appendEvents(new org.axonframework.eventhandling.GenericDomainEventMessage<>(
                "Account", "ts", 0, "x", Map.of(), "id-ts", timestamp));

        // when / then
        assertThat(engine.readEvents("ts").next().getTimestamp()).isEqualTo(timestamp);
    }

    @Test
    void jsonThatBsonCannotHoldIsStoredAsTextAndReadsBackIntact() {
        // given field names MongoDB treats specially
        Odd payload = new Odd(Map.of("$where", "x", "a.b", "y"));
        engine.appendEvents(TestEvents.event("o", 0, payload));

        // when
        Document event = database.getCollection("events").find().first().getList("events", Document.class).get(0);

        // then the payload is kept as JSON text, and reads back equal
        assertThat(event.get("payload")).isInstanceOf(String.class);
        assertThat(engine.readEvents("o").next().getPayload()).isEqualTo(payload);
    }

    @Test
    void eventsOutsideAggregatesAreStoredAndStreamedAsPlainEvents() {
        // given
        engine.appendEvents(TestEvents.plainEvent("hello"));

        // when
        List<? extends TrackedEventMessage<?>> stream = engine.readEvents(null, false).toList();

        // then
        assertThat(stream).hasSize(1);
        assertThat(stream.get(0)).isNotInstanceOf(DomainEventMessage.class);
        assertThat(stream.get(0).getPayload()).isEqualTo(new TestEvents.AuditNote("hello"));
        Document stored = database.getCollection("events").find().first();
        assertThat(stored.containsKey("streamKeys")).isFalse();
        assertThat(stored.getList("events", Document.class).get(0).containsKey("aggregateIdentifier")).isFalse();
        assertThat(stream).extracting(EventMessage::getIdentifier).doesNotContainNull();
    }
}
