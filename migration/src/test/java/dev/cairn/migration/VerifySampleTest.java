package dev.cairn.migration;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.cairn.eventstore.mongo.AllowedTypes;
import dev.cairn.migration.support.MigrationFixture;
import dev.cairn.migration.support.SourceApplication;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Verification loads a sample of aggregates through Axon from both stores: an untouched migration compares equal, and
 * a target changed behind the migration's back is named, aggregate, event and part, by the loading itself.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class VerifySampleTest {

    private MigrationFixture fixture;

    @BeforeEach
    void setUp(MongoClient client) {
        fixture = new MigrationFixture(client, "sample");
    }

    private AxonMongoMigration migration() {
        return fixture.migration()
                      .sampleLoading(new SampleLoading(3, JacksonSerializer.defaultSerializer(),
                                                       AllowedTypes.cairnDefaults()
                                                                   .withPackages(List.of("com.example.migration"))))
                      .build();
    }

    @Test
    void aMigratedSampleLoadsEqualFromBothStores() {
        // given 5 ledgers migrated
        try (SourceApplication legacy = fixture.legacy()) {
            legacy.write("ledger", 5, 40, 5);
        }
        AxonMongoMigration migration = migration();
        migration.run();

        // when it is verified
        Verification verification = migration.verify();

        // then three ledgers were loaded through Axon from both stores, and they compare equal
        assertThat(verification.sampledAggregates()).isEqualTo(3);
        assertThat(verification.differences()).isEmpty();
        assertThat(verification.matches()).isTrue();
    }

    @Test
    void aTamperedTargetIsNamedByTheEventsLoadedThroughAxon() {
        // given ledgers migrated, then one booking's note changed in the target
        try (SourceApplication legacy = fixture.legacy()) {
            legacy.write("ledger", 5, 40, 5);
        }
        AxonMongoMigration migration = migration();
        migration.run();
        Document commit = fixture.target().getCollection("events")
                                 .find(Filters.elemMatch("events", Filters.and(Filters.eq("aggregateIdentifier",
                                                                                          "ledger-0"),
                                                                               Filters.eq("sequenceNumber", 1L))))
                                 .first();
        String victim = commit.getList("events", Document.class).get(0).getString("eventIdentifier");
        fixture.target().getCollection("events").updateOne(Filters.eq("_id", commit.get("_id")),
                                                           Updates.set("events.0.payload.note", "tampered"));

        // when it is verified
        Verification verification = migration.verify();

        // then the loading through Axon names the aggregate, the event and its payload
        assertThat(verification.matches()).isFalse();
        assertThat(verification.differences())
                .anySatisfy(d -> assertThat(d).contains("aggregate [ledger-0] loaded through Axon", victim,
                                                        "payload", "tampered"));
    }
}
