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
}
