package dev.cairn.eventstore.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.StandardError;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.upcasting.event.EventTypeUpcaster;
import org.bson.Document;
import org.example.untrusted.TripwireLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stored type names never instantiate arbitrary classes: a document naming a class outside the allowed types reads
 * as {@code UnknownSerializedType}, without the class being initialized or constructed, and the stream goes on.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class AllowedTypesTest {

    private static final String TRIPWIRE = "org.example.untrusted.Tripwire";
    private static final String ALLOWED_TRIPWIRE = "org.example.untrusted.AllowedTripwire";

    private MongoDatabase database;

    @BeforeEach
    void setUp(MongoDatabase database) {
        this.database = database;
    }

    @Test
    void aStoredEventNamingAClassOutsideTheAllowedTypesIsNeverInstantiatedAndTheStreamGoesOn() {
        // given three events, the middle one rewritten by someone with database access to name a tripwire class
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        engine.appendEvents(TestEvents.deposits("acct", 0, 3));
        forgePayloadType("acct", 1, TRIPWIRE);

        // when the stream is read and every payload deserialized
        List<Object> payloads = new ArrayList<>();
        String warnings = StandardError.captured(() -> engine.readEvents(null, false).toList()
                                                             .forEach(event -> payloads.add(event.getPayload())));

        // then the forged event is an unknown type, the class never ran, and the events around it are intact
        assertThat(payloads).hasSize(3);
        assertThat(payloads.get(0)).isInstanceOf(TestEvents.MoneyDeposited.class);
        assertThat(payloads.get(1)).isInstanceOfSatisfying(UnknownSerializedType.class, unknown ->
                assertThat(unknown.serializedType().getName()).isEqualTo(TRIPWIRE));
        assertThat(payloads.get(2)).isInstanceOf(TestEvents.MoneyDeposited.class);
        assertThat(TripwireLog.RAN).noneMatch(entry -> entry.startsWith("Tripwire "));
        // and one warning names the type, the collection and the document
        assertThat(warnings).contains("WARN").contains(TRIPWIRE).contains("[events]")
                            .contains("Document [" + commitIdOf("acct", 1) + "]");
    }

    @Test
    void aSnapshotNamingAClassOutsideTheAllowedTypesIsIgnoredAndCounted() {
        // given an aggregate with a snapshot whose type was rewritten to a tripwire class
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        engine.storeSnapshot(new GenericDomainEventMessage<>("Account", "acct-s", 5, new BigDecimal("12.50")));
        database.getCollection("snapshots").updateOne(Filters.eq("_id", "acct-s"),
                                                      Updates.set("payloadType", TRIPWIRE));

        // when the snapshot is read
        boolean found = engine.readSnapshot("acct-s").isPresent();

        // then it is ignored (the aggregate would load from its events) and never instantiated
        assertThat(found).isFalse();
        assertThat(engine.ignoredSnapshots()).isEqualTo(1);
        assertThat(TripwireLog.RAN).noneMatch(entry -> entry.startsWith("Tripwire "));
    }

    @Test
    void theAllowedTypesApplyToTheUpcastedTypeNotToTheStoredOne() {
        // given an allowed stored type and an upcaster that renames it to the tripwire class
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database)
                .upcasterChain(EventTypeUpcaster.from(TestEvents.MoneyDeposited.class.getName(), null)
                                                .to(TRIPWIRE, null))
                .build();
        engine.appendEvents(TestEvents.deposits("acct-u", 0, 1));

        // when
        List<Object> payloads = new ArrayList<>();
        String warnings = StandardError.captured(() -> engine.readEvents(null, false).toList()
                                                             .forEach(event -> payloads.add(event.getPayload())));

        // then the upcasted name is refused and reported, although the stored one is allowed
        assertThat(payloads).singleElement().isInstanceOfSatisfying(UnknownSerializedType.class, unknown ->
                assertThat(unknown.serializedType().getName()).isEqualTo(TRIPWIRE));
        assertThat(TripwireLog.RAN).noneMatch(entry -> entry.startsWith("Tripwire "));
        assertThat(warnings).contains(TRIPWIRE).contains("outside the allowed types");
    }

    @Test
    void allowingThePackageLetsTheSameDocumentBeInstantiated() {
        // given the control case: the tripwire's package is allowed
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database)
                .allowedTypes(AllowedTypes.cairnDefaults().withPackages(List.of("org.example.untrusted")))
                .build();
        engine.appendEvents(TestEvents.deposits("acct-2", 0, 1));
        forgePayloadType("acct-2", 0, ALLOWED_TRIPWIRE);

        // when
        Object payload = engine.readEvents(null, false).toList().get(0).getPayload();

        // then the class is constructed: the guard, not a deserialization failure, is what stops the tripwire
        assertThat(payload.getClass().getName()).isEqualTo(ALLOWED_TRIPWIRE);
        assertThat(TripwireLog.RAN).contains("AllowedTripwire constructor");
    }

    @Test
    void allowedTypesMatchPackagesWithTheirSubpackagesAndNestedClasses() {
        AllowedTypes allowed = AllowedTypes.cairnDefaults().withPackages(List.of("com.shop"))
                                           .withClasses(List.of("org.other.Single"));

        assertThat(allowed.allows("com.shop.OrderPlaced")).isTrue();
        assertThat(allowed.allows("com.shop.order.events.LineAdded$Line")).isTrue();
        assertThat(allowed.allows("org.other.Single$Nested")).isTrue();
        assertThat(allowed.allows("java.time.Instant")).isTrue();
        assertThat(allowed.allows("org.axonframework.messaging.MetaData")).isTrue();
        assertThat(allowed.allows("com.shopping.Evil")).isFalse();
        assertThat(allowed.allows("org.other.Other")).isFalse();
        assertThat(allowed.allows("javax.naming.InitialContext")).isFalse();
        assertThat(allowed.allows("")).isFalse();
    }

    @Test
    void javaTypesAreAdmittedOneByOneNotAsWholePackages() {
        // given
        AllowedTypes defaults = AllowedTypes.cairnDefaults();

        // when / then the value types payloads, snapshots and failures use pass
        assertThat(List.of("java.lang.String", "java.lang.Long", "java.math.BigDecimal", "java.util.UUID",
                           "java.time.Instant", "java.time.LocalDate", "java.util.ArrayList", "java.util.HashMap",
                           "java.util.ImmutableCollections$ListN", "java.util.Collections$UnmodifiableMap",
                           "java.lang.IllegalStateException"))
                .allMatch(defaults::allows);
        // and other classes of the same packages are refused
        assertThat(List.of("java.lang.ProcessBuilder", "java.lang.Runtime", "java.lang.Thread",
                           "java.lang.ClassLoader", "java.util.logging.Logger", "java.util.prefs.Preferences",
                           "java.util.concurrent.ThreadPoolExecutor", "java.util.ServiceLoader",
                           "java.time.zone.ZoneRulesProvider", "java.math.MathContext",
                           "javax.script.ScriptEngineManager"))
                .noneMatch(defaults::allows);
    }

    @Test
    void aStoredEventNamingAJavaClassOutsideTheValueTypesIsNeverInstantiated() {
        // given an event rewritten to name java.lang.ProcessBuilder, which the whole of java.lang used to admit
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        engine.appendEvents(TestEvents.deposits("acct-j", 0, 1));
        forgePayloadType("acct-j", 0, "java.lang.ProcessBuilder");

        // when
        List<Object> payloads = new ArrayList<>();
        String warnings = StandardError.captured(() -> engine.readEvents(null, false).toList()
                                                             .forEach(event -> payloads.add(event.getPayload())));

        // then it reads as an unknown type, reported once
        assertThat(payloads).singleElement().isInstanceOfSatisfying(UnknownSerializedType.class, unknown ->
                assertThat(unknown.serializedType().getName()).isEqualTo("java.lang.ProcessBuilder"));
        assertThat(warnings).contains("java.lang.ProcessBuilder").contains("outside the allowed types");
    }

    @Test
    void aPayloadOfAJavaValueTypeStillReadsBack() {
        // given events whose payloads are plain Java values, as earlier releases stored them
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        engine.appendEvents(List.of(
                new GenericDomainEventMessage<>("Note", "n-1", 0, "just text"),
                new GenericDomainEventMessage<>("Note", "n-1", 1, new BigDecimal("12.50")),
                new GenericDomainEventMessage<>("Note", "n-1", 2, new ArrayList<>(List.of("a", "b")))));

        // when read by another engine (so not allowed as types it wrote itself)
        List<Object> payloads = new ArrayList<>();
        MongoEventStorageEngine.builder().database(database).build().readEvents(null, false).toList()
                               .forEach(event -> payloads.add(event.getPayload()));

        // then
        assertThat(payloads).containsExactly("just text", new BigDecimal("12.50"), List.of("a", "b"));
    }

    private Object commitIdOf(String aggregateIdentifier, long sequenceNumber) {
        return database.getCollection("events").find(Filters.eq("streamKeys", aggregateIdentifier + "#"
                + sequenceNumber)).first().get("_id");
    }

    private void forgePayloadType(String aggregateIdentifier, long sequenceNumber, String typeName) {
        MongoCollection<Document> events = database.getCollection("events");
        String key = aggregateIdentifier + "#" + sequenceNumber;
        Document commit = events.find(Filters.eq("streamKeys", key)).first();
        List<Document> stored = commit.getList("events", Document.class);
        for (int i = 0; i < stored.size(); i++) {
            if (stored.get(i).getLong("sequenceNumber") == sequenceNumber
                    && aggregateIdentifier.equals(stored.get(i).getString("aggregateIdentifier"))) {
                events.updateOne(Filters.eq("_id", commit.get("_id")),
                                 Updates.set("events." + i + ".payloadType", typeName));
            }
        }
    }
}
