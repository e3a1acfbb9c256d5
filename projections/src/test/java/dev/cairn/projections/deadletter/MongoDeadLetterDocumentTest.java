package dev.cairn.projections.deadletter;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.projections.MongoSequencedDeadLetterQueue;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.serialization.UnknownSerializedType;
import org.bson.BsonDocument;
import org.bson.BsonType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator finds in the collection: one readable document per letter, queryable by payload fields.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class MongoDeadLetterDocumentTest {

    record OrderPlaced(String orderId, BigDecimal amount, List<String> lines) {
    }

    record Labels(Map<String, Object> values) {
    }

    @Test
    void aLetterIsAReadableDocumentWithThePayloadAsASubDocument(MongoDatabase database) {
        // given
        MongoSequencedDeadLetterQueue<EventMessage<?>> queue = queue(database);
        DomainEventMessage<OrderPlaced> event = new GenericDomainEventMessage<>(
                "Order", "o-1", 3, new OrderPlaced("o-1", new BigDecimal("12.5"), List.of("pen", "ink")),
                MetaData.with("traceId", "t-9"));

        // when
        queue.enqueue("o-1", new GenericDeadLetter<>("o-1", event, new IllegalStateException("stock is negative")));

        // then
        BsonDocument letter = letters(database).find(Filters.eq("event.payload.orderId", "o-1")).first();
        assertThat(letter).isNotNull();
        assertThat(letter.getString("processingGroup").getValue()).isEqualTo("orders");
        assertThat(letter.getString("sequenceIdentifier").getValue()).isEqualTo("o-1");
        assertThat(letter.getInt64("sequenceIndex").getValue()).isZero();
        assertThat(letter.get("enqueuedAt").getBsonType()).isEqualTo(BsonType.DATE_TIME);
        assertThat(letter.get("lastTouched").getBsonType()).isEqualTo(BsonType.DATE_TIME);
        assertThat(letter.isNull("claim")).isTrue();
        assertThat(letter.getDocument("cause").getString("type").getValue())
                .isEqualTo(IllegalStateException.class.getName());
        assertThat(letter.getDocument("cause").getString("message").getValue()).isEqualTo("stock is negative");
        assertThat(letter.getDocument("diagnostics")).isEmpty();

        BsonDocument stored = letter.getDocument("event");
        assertThat(stored.getString("messageType").getValue()).isEqualTo("DomainEventMessage");
        assertThat(stored.getString("identifier").getValue()).isEqualTo(event.getIdentifier());
        assertThat(stored.get("timestamp").getBsonType()).isEqualTo(BsonType.DATE_TIME);
        assertThat(stored.getString("type").getValue()).isEqualTo(OrderPlaced.class.getName());
        assertThat(stored.getDocument("payload").getString("orderId").getValue()).isEqualTo("o-1");
        assertThat(stored.getDocument("payload").getDouble("amount").getValue()).isEqualTo(12.5);
        assertThat(stored.getDocument("payload").getArray("lines")).hasSize(2);
        assertThat(stored.getDocument("metaData").getString("traceId").getValue()).isEqualTo("t-9");
        assertThat(stored.getDocument("aggregate").getString("type").getValue()).isEqualTo("Order");
        assertThat(stored.getDocument("aggregate").getString("identifier").getValue()).isEqualTo("o-1");
        assertThat(stored.getDocument("aggregate").getInt64("sequence").getValue()).isEqualTo(3);

        // and it reads back as the same domain event
        EventMessage<?> read = queue.deadLetterSequence("o-1").iterator().next().message();
        assertThat(read).isInstanceOf(DomainEventMessage.class);
        assertThat(((DomainEventMessage<?>) read).getSequenceNumber()).isEqualTo(3);
        assertThat(read.getPayload()).isEqualTo(event.getPayload());
        assertThat(read.getTimestamp()).isEqualTo(event.getTimestamp());
    }

    @Test
    void jsonThatADocumentWouldChangeIsKeptAsTextAndReadsBackExactly(MongoDatabase database) {
        // given a payload whose JSON has a number BSON would read as another number (12.50 as the double 12.5)
        MongoSequencedDeadLetterQueue<EventMessage<?>> queue = queue(database);
        OrderPlaced payload = new OrderPlaced("o-2", new BigDecimal("12.50"), List.of());

        // when
        queue.enqueue("o-2", new GenericDeadLetter<>("o-2", GenericEventMessage.asEventMessage(payload)));

        // then the payload is stored as its JSON text, and the letter reads back with the scale kept
        BsonDocument stored = letters(database).find(Filters.eq("sequenceIdentifier", "o-2")).first().getDocument("event");
        assertThat(stored.getString("payload").getValue()).contains("12.50");
        OrderPlaced read = (OrderPlaced) queue.deadLetterSequence("o-2").iterator().next().message().getPayload();
        assertThat(read.amount()).isEqualByComparingTo("12.50").hasScaleOf(2);
    }

    @Test
    void everyPayloadReadsBackExactlyWhicheverFormItIsStoredIn(MongoDatabase database) {
        MongoSequencedDeadLetterQueue<EventMessage<?>> queue = queue(database);
        Map<Object, BsonType> expectedForms = new LinkedHashMap<>();
        expectedForms.put(new Labels(Map.of("name", "Zoë \u2028 \uD83D\uDE00", "count", 3)), BsonType.DOCUMENT);
        expectedForms.put(new Labels(Map.of("$where", 1)), BsonType.STRING);
        expectedForms.put(new Labels(Map.of("a.b", 1)), BsonType.STRING);
        expectedForms.put(new Labels(Map.of("big", new BigInteger("123456789012345678901234567890"))),
                          BsonType.STRING);
        expectedForms.put("a plain string", BsonType.STRING);

        expectedForms.forEach((payload, form) -> {
            String sequence = "form-" + form + "-" + payload.hashCode();
            queue.enqueue(sequence, new GenericDeadLetter<>(sequence, GenericEventMessage.asEventMessage(payload)));

            BsonDocument stored = letters(database).find(Filters.eq("sequenceIdentifier", sequence)).first();
            assertThat(stored.getDocument("event").get("payload").getBsonType()).as("form of %s", payload)
                                                                                   .isEqualTo(form);
            assertThat(queue.deadLetterSequence(sequence).iterator().next().message().getPayload())
                    .isEqualTo(payload);
        });
    }

    @Test
    void aTrackedEventKeepsItsTokenAsJson(MongoDatabase database) {
        // given
        MongoSequencedDeadLetterQueue<EventMessage<?>> queue = queue(database);
        TrackedEventMessage<String> event = new GenericTrackedEventMessage<>(
                new GlobalSequenceTrackingToken(42), GenericEventMessage.asEventMessage("payload"));

        // when
        queue.enqueue("s-1", new GenericDeadLetter<>("s-1", event, new RuntimeException("boom")));

        // then
        BsonDocument token = letters(database).find().first().getDocument("event").getDocument("token");
        assertThat(token.getString("type").getValue()).isEqualTo(GlobalSequenceTrackingToken.class.getName());
        assertThat(token.getDocument("value").getNumber("globalIndex").longValue()).isEqualTo(42);
        EventMessage<?> read = queue.deadLetterSequence("s-1").iterator().next().message();
        assertThat(((TrackedEventMessage<?>) read).trackingToken()).isEqualTo(new GlobalSequenceTrackingToken(42));
    }

    @Test
    void aLetterWhosePayloadClassIsGoneCanStillBeListedAndEvicted(MongoDatabase database) {
        // given a letter whose payload type no longer exists
        MongoSequencedDeadLetterQueue<EventMessage<?>> queue = queue(database);
        queue.enqueue("o-3", new GenericDeadLetter<>("o-3", GenericEventMessage.asEventMessage(
                new OrderPlaced("o-3", BigDecimal.ONE, List.of())), new RuntimeException("boom")));
        letters(database).updateOne(Filters.eq("sequenceIdentifier", "o-3"),
                                    Updates.set("event.type", "com.example.RemovedEvent"));

        // when
        DeadLetter<? extends EventMessage<?>> letter = queue.deadLetterSequence("o-3").iterator().next();

        // then
        assertThat(letter.message().getPayload()).isInstanceOf(UnknownSerializedType.class);
        queue.evict(letter);
        assertThat(queue.contains("o-3")).isFalse();
    }

    private static MongoSequencedDeadLetterQueue<EventMessage<?>> queue(MongoDatabase database) {
        return MongoSequencedDeadLetterQueue.<EventMessage<?>>builder()
                                            .processingGroup("orders")
                                            .database(database)
                                            .build();
    }

    private static MongoCollection<BsonDocument> letters(MongoDatabase database) {
        return database.getCollection("cairn_dead_letters", BsonDocument.class);
    }
}
