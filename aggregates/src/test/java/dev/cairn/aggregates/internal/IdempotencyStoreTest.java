package dev.cairn.aggregates.internal;

import com.mongodb.client.MongoDatabase;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MutableClock;
import dev.cairn.processing.Lease;
import dev.cairn.processing.LeaseClock;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(EmbeddedMongoExtension.class)
class IdempotencyStoreTest {

    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    private static final CommandFingerprint CMD = new CommandFingerprint("Cmd", "agg-1", "ab".repeat(32));
    private static final Duration LEASE = Duration.ofSeconds(5);

    private static IdempotencyStore store(MongoDatabase database, Duration retention, MutableClock clock) {
        return new IdempotencyStore(database.getCollection("idempotency"), retention, clock,
                                    Lease.of("lease", LEASE, LeaseClock.of(clock)));
    }

    @Test
    void theFirstSendClaimsAKeyAndLaterSendsSeeItsDocument(MongoDatabase database) {
        // Given
        IdempotencyStore store = store(database, Duration.ofHours(1), new MutableClock(START));

        // When
        IdempotencyStore.Claim first = store.claim("k", CMD, "node-a/1");
        boolean recorded = store.done("k", first.claim(), "node-a/1", "java.lang.String", null, "\"r\"");
        IdempotencyStore.Claim second = store.claim("k", CMD, "node-b/1");

        // Then
        assertThat(first.claimed()).isTrue();
        assertThat(recorded).isTrue();
        assertThat(second.claimed()).isFalse();
        assertThat(second.existing().getString("state")).isEqualTo("DONE");
        assertThat(second.existing().getString("result")).isEqualTo("\"r\"");
        assertThat(second.existing().getString("claim")).isEqualTo(first.claim());
        assertThat(second.existing().getInteger("format")).isEqualTo(2);
        assertThat(second.existing().getString("fingerprint")).isEqualTo(CMD.fingerprint());
        assertThat(second.existing().getString("target")).isEqualTo("agg-1");
        assertThat(second.existing().get("lease")).as("a finished key holds no lease").isNull();
    }

    @Test
    void anExpiredKeyNotYetRemovedByTheTtlMonitorIsClaimedAgainUnderANewClaim(MongoDatabase database) {
        // Given
        MutableClock clock = new MutableClock(START);
        IdempotencyStore store = store(database, Duration.ofHours(24), clock);
        IdempotencyStore.Claim first = store.claim("k", CMD, "node-a/1");
        store.failed("k", first.claim(), "node-a/1", "java.lang.IllegalStateException", "no");

        // When
        clock.advance(Duration.ofHours(23));
        IdempotencyStore.Claim withinRetention = store.claim("k", CMD, "node-a/2");
        clock.advance(Duration.ofHours(2));
        IdempotencyStore.Claim afterRetention = store.claim("k", CMD, "node-a/3");

        // Then
        assertThat(withinRetention.claimed()).isFalse();
        assertThat(afterRetention.claimed()).isTrue();
        assertThat(afterRetention.claim()).as("a commit of the first use never answers the second")
                                          .isNotEqualTo(first.claim());
        Document stored = store.find("k");
        assertThat(stored.getString("state")).isEqualTo("PENDING");
        assertThat(stored.getDate("expiresAt").toInstant()).isEqualTo(clock.instant().plus(Duration.ofHours(24)));
        assertThat(database.getCollection("idempotency").countDocuments()).isEqualTo(1);
    }

    @Test
    void aPendingKeyIsTakenOverOnlyOnceItsLeaseEndedAndThenOnlyByOneSend(MongoDatabase database) {
        // Given
        MutableClock clock = new MutableClock(START);
        IdempotencyStore store = store(database, Duration.ofHours(24), clock);
        String claim = store.claim("k", CMD, "node-a/1").claim();

        // When
        clock.advance(LEASE.minusMillis(1));
        boolean whileLive = store.takeOver("k", claim, "node-b/1");
        clock.advance(Duration.ofMillis(2));
        boolean afterLease = store.takeOver("k", claim, "node-b/1");
        boolean second = store.takeOver("k", claim, "node-c/1");

        // Then
        assertThat(whileLive).isFalse();
        assertThat(afterLease).isTrue();
        assertThat(second).as("the new owner's lease is live").isFalse();
        assertThat(store.find("k").getString("owner")).isEqualTo("node-b/1");
    }

    @Test
    void aRenewedLeaseIsNotTakenOverAndAPausedOwnerCanNeitherRenewNorRecord(MongoDatabase database) {
        // Given
        MutableClock clock = new MutableClock(START);
        IdempotencyStore store = store(database, Duration.ofHours(24), clock);
        String claim = store.claim("k", CMD, "node-a/1").claim();
        clock.advance(Duration.ofSeconds(4));
        assertThat(store.renew("k", claim, "node-a/1")).isTrue();
        clock.advance(Duration.ofSeconds(4));
        assertThat(store.takeOver("k", claim, "node-b/1")).as("renewed 4 s ago").isFalse();

        // When: node A pauses past its lease and node B takes the key over
        clock.advance(Duration.ofSeconds(2));
        assertThat(store.takeOver("k", claim, "node-b/1")).isTrue();
        boolean renewedByPaused = store.renew("k", claim, "node-a/1");
        boolean recordedByPaused = store.failed("k", claim, "node-a/1", "java.lang.IllegalStateException", "late");

        // Then
        assertThat(renewedByPaused).isFalse();
        assertThat(recordedByPaused).as("the matched count says the key is no longer its own").isFalse();
        assertThat(store.find("k").getString("state")).isEqualTo("PENDING");
        assertThat(store.done("k", claim, "node-b/1", null, null, null)).isTrue();
        assertThat(store.find("k").getString("state")).isEqualTo("DONE");
    }

    @Test
    void aPendingKeyOfThePreviousFormatIsNeverTakenOver(MongoDatabase database) {
        // Given: a previous-release node claimed the key (no claim, owner or lease) and died
        MutableClock clock = new MutableClock(START);
        IdempotencyStore store = store(database, Duration.ofHours(24), clock);
        database.getCollection("idempotency").insertOne(
                new Document("_id", "k").append("state", "PENDING").append("commandName", "Cmd")
                                        .append("createdAt", java.util.Date.from(clock.instant()))
                                        .append("expiresAt", java.util.Date.from(clock.instant()
                                                                                      .plus(Duration.ofHours(24)))));

        // When
        clock.advance(Duration.ofHours(1));
        IdempotencyStore.Claim claim = store.claim("k", CMD, "node-b/1");
        boolean takenOver = store.takeOver("k", null, "node-b/1");

        // Then: its commit cannot say whether it ran, so the key waits for its retention as before
        assertThat(claim.claimed()).isFalse();
        assertThat(claim.existing().getString("claim")).isNull();
        assertThat(takenOver).isFalse();
    }

    @Test
    void aFinishedKeyKeepsTheFieldsThePreviousReleaseReads(MongoDatabase database) {
        // Given: a key this release finished
        IdempotencyStore store = store(database, Duration.ofHours(24), new MutableClock(START));
        IdempotencyStore.Claim claim = store.claim("k", CMD, "node-a/1");
        store.done("k", claim.claim(), "node-a/1", "java.lang.String", null, "\"r\"");

        // When: a node of the previous release reads it, by the format-1 fields only
        Document stored = database.getCollection("idempotency").find(new Document("_id", "k")).first();

        // Then: the fields it reads have the names and meaning they had
        assertThat(stored.getString("state")).isEqualTo("DONE");
        assertThat(stored.getString("commandName")).isEqualTo("Cmd");
        assertThat(stored.getString("resultType")).isEqualTo("java.lang.String");
        assertThat(stored.getString("result")).isEqualTo("\"r\"");
        assertThat(stored.getDate("createdAt")).isNotNull();
        assertThat(stored.getDate("expiresAt")).isAfter(stored.getDate("createdAt"));
    }
}
