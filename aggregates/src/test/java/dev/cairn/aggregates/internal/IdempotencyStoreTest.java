package dev.cairn.aggregates.internal;

import com.mongodb.client.MongoDatabase;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(EmbeddedMongoExtension.class)
class IdempotencyStoreTest {

    /**
     * A clock tests move by hand.
     */
    static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2030-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void theFirstSendClaimsAKeyAndLaterSendsSeeItsDocument(MongoDatabase database) {
        // Given
        IdempotencyStore store = new IdempotencyStore(database.getCollection("idempotency"), Duration.ofHours(1),
                                                      new MovableClock());

        // When
        IdempotencyStore.Claim first = store.claim("k", "Cmd");
        store.done("k", "java.lang.String", null, "\"r\"");
        IdempotencyStore.Claim second = store.claim("k", "Cmd");

        // Then
        assertThat(first.claimed()).isTrue();
        assertThat(second.claimed()).isFalse();
        assertThat(second.existing().getString("state")).isEqualTo("DONE");
        assertThat(second.existing().getString("result")).isEqualTo("\"r\"");
    }

    @Test
    void anExpiredKeyNotYetRemovedByTheTtlMonitorIsClaimedAgain(MongoDatabase database) {
        // Given
        MovableClock clock = new MovableClock();
        IdempotencyStore store = new IdempotencyStore(database.getCollection("idempotency"), Duration.ofHours(24),
                                                      clock);
        store.claim("k", "Cmd");
        store.failed("k", "java.lang.IllegalStateException", "no");

        // When
        clock.advance(Duration.ofHours(23));
        IdempotencyStore.Claim withinRetention = store.claim("k", "Cmd");
        clock.advance(Duration.ofHours(2));
        IdempotencyStore.Claim afterRetention = store.claim("k", "Cmd");

        // Then
        assertThat(withinRetention.claimed()).isFalse();
        assertThat(afterRetention.claimed()).isTrue();
        Document stored = store.find("k");
        assertThat(stored.getString("state")).isEqualTo("PENDING");
        assertThat(stored.getDate("expiresAt").toInstant()).isEqualTo(clock.instant().plus(Duration.ofHours(24)));
        assertThat(database.getCollection("idempotency").countDocuments()).isEqualTo(1);
    }
}
