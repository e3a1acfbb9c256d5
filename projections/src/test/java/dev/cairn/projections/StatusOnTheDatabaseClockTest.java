package dev.cairn.projections;

import com.example.bank.BankHistory;
import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.processing.MongoTokenStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADR 71: whether a segment's claim is live is judged on the database's clock, so the status a node reports does not
 * depend on how far its own clock is off.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class StatusOnTheDatabaseClockTest {

    @Test
    void aLiveClaimReadsAsLiveFromANodeWhoseClockIsAnHourAhead(MongoDatabase database) {
        // Given a processor whose segment another node claimed a moment ago, with a 10 s claim timeout
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        BankHistory.write(engine, "clock-", 1, 1, 1, 1);
        MongoTokenStore.builder().database(database).nodeId("node-a").build()
                       .initializeTokenSegments("clock-balances", 1, engine.createHeadToken());
        MongoTokenStore.builder().database(database).nodeId("node-a").build().fetchToken("clock-balances", 0);

        // When a monitor whose own clock runs an hour ahead (and one whose clock is right) report its status
        ProjectionStatus ahead = monitor(database, engine, Clock.offset(Clock.systemUTC(), Duration.ofHours(1)))
                .status("clock-balances");
        ProjectionStatus right = monitor(database, engine, Clock.systemUTC()).status("clock-balances");

        // Then both see the live claim of node-a
        assertThat(ahead.segments()).singleElement().satisfies(segment -> assertThat(segment.owner())
                .as(ahead.toString()).isEqualTo("node-a"));
        assertThat(ahead.state()).as(ahead.toString()).isEqualTo(right.state());
        assertThat(right.state()).isNotEqualTo(ProjectionState.STOPPED);
    }

    @Test
    void anExpiredClaimReadsAsNoneFromANodeWhoseClockIsAnHourBehind(MongoDatabase database) throws Exception {
        // Given a processor whose segment another node claimed with a 200 ms claim timeout, and let lapse
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        BankHistory.write(engine, "lapsed-", 1, 1, 1, 1);
        MongoTokenStore holder = MongoTokenStore.builder().database(database).nodeId("node-b")
                                                .claimTimeout(Duration.ofMillis(200)).build();
        holder.initializeTokenSegments("lapsed-balances", 1, engine.createHeadToken());
        holder.fetchToken("lapsed-balances", 0);
        Thread.sleep(400);

        // When a monitor with the same timeout, whose clock runs an hour behind, reports its status
        ProjectionMonitor behind = ProjectionMonitor.builder()
                                                    .tokenStore(MongoTokenStore.builder().database(database)
                                                                               .claimTimeout(Duration.ofMillis(200))
                                                                               .build())
                                                    .engine(engine)
                                                    .clock(Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)))
                                                    .build();
        ProjectionStatus status = behind.status("lapsed-balances");

        // Then the lapsed claim is no owner's
        assertThat(status.segments()).singleElement().satisfies(segment -> assertThat(segment.owner())
                .as(status.toString()).isNull());
        assertThat(status.state()).isEqualTo(ProjectionState.STOPPED);
    }

    private static ProjectionMonitor monitor(MongoDatabase database, MongoEventStorageEngine engine, Clock clock) {
        return ProjectionMonitor.builder().tokenStore(MongoTokenStore.builder().database(database).build())
                                .engine(engine).clock(clock).build();
    }
}
