package dev.cairn.migration;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import dev.cairn.migration.support.MigrationFixture;
import dev.cairn.migration.support.SourceApplication;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A source the extension itself damaged or someone edited: event identifiers stored twice and sequence holes are
 * listed by the run and by verification (never repaired or guessed at), and the run still copies every other event.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class BadSourceTest {

    private MigrationFixture fixture;

    @BeforeEach
    void setUp(MongoClient client) {
        fixture = new MigrationFixture(client, "bad");
    }

    @Test
    void duplicateIdentifiersAndSequenceHolesAreListedByTheRunAndByVerify() {
        // given 60 events of 4 ledgers, three of them stored a second time in later documents, and one event removed
        try (SourceApplication legacy = fixture.legacy()) {
            legacy.write("ledger", 4, 60, 9);
        }
        MongoCollection<Document> events = fixture.source().getCollection("domainevents");
        // a store restored without its unique indexes
        List<Document> all = events.find().into(new ArrayList<>());
        events.drop();
        events.insertMany(all);
        List<String> repeated = new ArrayList<>();
        for (Document event : events.find(new Document("aggregateIdentifier", "ledger-1")).limit(3)
                                    .into(new ArrayList<>())) {
            repeated.add(event.getString("eventIdentifier"));
            events.insertOne(new Document(event).append("_id", new ObjectId())
                                                .append("timestamp", "2100-01-01T00:00:00.000Z"));
        }
        events.deleteOne(new Document("aggregateIdentifier", "ledger-2").append("sequenceNumber", 2L));

        // when it is migrated and verified
        AxonMongoMigration migration = fixture.migration().batchSize(10).build();
        MigrationReport report = migration.run();
        Verification verification = migration.verify();

        // then the run copied each identifier once and listed the repeats
        assertThat(report.copiedEvents()).isEqualTo(59);
        assertThat(report.duplicateEvents()).containsExactlyInAnyOrderElementsOf(repeated);
        // and verification names the repeats and the hole as problems of the source
        assertThat(verification.matches()).isFalse();
        assertThat(verification.sourceProblems())
                .anySatisfy(p -> assertThat(p).contains("ledger-2", "missing: [2]"))
                .filteredOn(p -> p.contains("occurs more than once"))
                .hasSize(3)
                .allSatisfy(p -> assertThat(repeated.stream().anyMatch(p::contains)).isTrue());
    }

    @Test
    void anEventReusingAnotherEventsSequenceNumberIsListedNotCopiedAndVerifyNamesBoth() {
        // given 40 events of 4 ledgers, and a second event with its own identifier at ledger-3's sequence number 5
        try (SourceApplication legacy = fixture.legacy()) {
            legacy.write("ledger", 4, 40, 9);
        }
        MongoCollection<Document> events = fixture.source().getCollection("domainevents");
        List<Document> all = events.find().into(new ArrayList<>());
        events.drop(); // a store restored without its unique indexes
        events.insertMany(all);
        Document original = events.find(new Document("aggregateIdentifier", "ledger-3").append("sequenceNumber", 5L))
                                  .first();
        events.insertOne(new Document(original).append("_id", new ObjectId())
                                               .append("eventIdentifier", "impostor-event")
                                               .append("timestamp", "2100-01-01T00:00:00.000Z"));

        // when it is migrated, verified, and migrated again (a delta run)
        AxonMongoMigration migration = fixture.migration().batchSize(10).build();
        MigrationReport report = migration.run();
        Verification verification = migration.verify();
        MigrationReport rerun = migration.run();

        // then the run copied every other event and listed the one it could not place, naming aggregate and number
        assertThat(report.copiedEvents()).isEqualTo(40);
        assertThat(report.duplicateEvents()).isEmpty();
        assertThat(report.conflictingEvents()).singleElement().satisfies(
                conflict -> assertThat(conflict).contains("impostor-event", "ledger-3", "sequence number 5"));
        // and verification names both events holding the sequence number
        assertThat(verification.matches()).isFalse();
        assertThat(verification.sourceProblems()).anySatisfy(
                p -> assertThat(p).contains("ledger-3", "sequence number 5", "impostor-event",
                                            original.getString("eventIdentifier")));
        // and the rerun found the original stored, and listed the other again
        assertThat(rerun.copiedEvents()).isZero();
        assertThat(rerun.alreadyCopied()).isEqualTo(40);
        assertThat(rerun.conflictingEvents()).singleElement().satisfies(
                conflict -> assertThat(conflict).contains("impostor-event"));
    }
}
