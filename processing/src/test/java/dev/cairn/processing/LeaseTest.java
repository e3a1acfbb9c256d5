package dev.cairn.processing;

import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeaseTest {

    private static final Instant AT = Instant.parse("2030-01-01T10:00:00Z");

    @Test
    void badArgumentsAreRefusedNamingTheCulprit() {
        // when / then
        assertThatThrownBy(() -> Lease.of("claim.lease", Duration.ofSeconds(1), LeaseClock.database()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[claim.lease]");
        assertThatThrownBy(() -> Lease.of(" ", Duration.ofSeconds(1), LeaseClock.database()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("path");
        assertThatThrownBy(() -> Lease.of("lease", Duration.ZERO, LeaseClock.database()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[PT0S]");
        assertThatThrownBy(() -> Lease.of("lease", Duration.ofNanos(10), LeaseClock.database()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("millisecond");
        assertThatThrownBy(() -> Lease.of("lease", Duration.ofSeconds(1), LeaseClock.database()).take(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("owner");
        assertThatThrownBy(() -> LeaseClock.of(null)).isInstanceOf(NullPointerException.class)
                                                     .hasMessageContaining("Clock");
    }

    @Test
    void theDatabaseClockWritesServerTimeAndComparesWithNow() {
        // given
        Lease lease = Lease.of("lease", Duration.ofSeconds(10), LeaseClock.database());

        // when
        BsonDocument take = lease.take("node-a").toBsonDocument();
        BsonDocument expired = lease.expired("owner");

        // then the server stamps "at" and "now" is its $$NOW
        assertThat(take.getDocument("$currentDate").containsKey("lease.at")).isTrue();
        assertThat(take.getDocument("$set").getInt64("lease.ms").getValue()).isEqualTo(10_000L);
        assertThat(expired.toJson()).contains("$$NOW");
    }

    @Test
    void aTestClockWritesAndComparesItsOwnInstants() {
        // given
        Lease lease = Lease.of("lease", Duration.ofSeconds(10), LeaseClock.of(Clock.fixed(AT, ZoneOffset.UTC)));

        // when
        BsonDocument take = lease.take("node-a").toBsonDocument();

        // then
        assertThat(take.getDocument("$set").getDateTime("lease.at").getValue()).isEqualTo(AT.toEpochMilli());
        assertThat(take.containsKey("$currentDate")).isFalse();
        assertThat(lease.expired("owner").toJson()).doesNotContain("$$NOW");
    }

    @Test
    void untilIsReadOnlyFromALeaseOfThisFormatHeldByTheClaimOwner() {
        // given
        Lease lease = Lease.of("lease", Duration.ofSeconds(10), LeaseClock.database());
        BsonDocument held = new BsonDocument("lease", new BsonDocument("format", new BsonInt32(2))
                .append("owner", new BsonString("node-a")).append("at", new BsonDateTime(AT.toEpochMilli()))
                .append("ms", new BsonInt64(5_000)));

        // when / then
        assertThat(lease.until(held, "node-a")).isEqualTo(AT.plusSeconds(5));
        assertThat(lease.takenAt(held, "node-a")).isEqualTo(AT);
        assertThat(lease.until(held, "node-b")).isNull();
        held.getDocument("lease").put("format", new BsonInt32(Lease.NEWEST));
        assertThat(lease.until(held, "node-a")).isEqualTo(AT.plusSeconds(5));
        held.getDocument("lease").put("format", new BsonInt32(Lease.NEWEST + 1));
        assertThat(lease.until(held, "node-a")).isNull();
    }
}
