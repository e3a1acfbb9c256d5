package dev.cairn.projections.internal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.processing.LeaseClock;
import dev.cairn.projections.internal.storage.ControlDocuments;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node's share of a projection's segments counts the nodes seen within the claim timeout, judged on the lease
 * clock: the database server's by default, never the node's own.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class FairShareTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void nodesSeenWithinTheClaimTimeoutOnTheServersClockShareTheSegments(MongoDatabase database) {
        // Given another node seen 2 s ago and a third seen 30 s ago, by the server's clock
        MongoCollection<Document> nodes = database.getCollection("fair_share_server");
        nodes.insertOne(record("node-b", Instant.now().minusSeconds(2)));
        nodes.insertOne(record("node-c", Instant.now().minusSeconds(30)));
        FairShare share = new FairShare(nodes, "node-a", TIMEOUT, () -> heldElsewhere(4), LeaseClock.database(),
                                        new ControlDocuments(database));

        // When this node asks for its share of 4 segments
        int max = share.getMaxSegments("balances");

        // Then it counts itself and node-b only: 2 segments each, and it recorded itself on the server's clock
        assertThat(max).isEqualTo(2);
        Document own = nodes.find(new Document("_id", "balances@node-a")).first();
        assertThat(own).isNotNull();
        assertThat(own.getString("node")).isEqualTo("node-a");
        assertThat(own.getDate("seenAt").toInstant()).isCloseTo(Instant.now(), org.assertj.core.api.Assertions
                .within(5, java.time.temporal.ChronoUnit.SECONDS));
    }

    @Test
    void theLeaseClockJudgesWhoIsAliveNotTheNodesOwnClock(MongoDatabase database) {
        // Given a lease clock an hour ahead of this machine's, and a node this machine's clock saw 2 s ago
        MongoCollection<Document> nodes = database.getCollection("fair_share_clock");
        Instant leaseNow = Instant.now().plus(Duration.ofHours(1));
        nodes.insertOne(record("node-b", Instant.now().minusSeconds(2)));
        nodes.insertOne(record("node-c", leaseNow.minusSeconds(3)));
        FairShare share = new FairShare(nodes, "node-a", TIMEOUT, () -> heldElsewhere(6),
                                        LeaseClock.of(Clock.fixed(leaseNow, ZoneOffset.UTC)),
                                        new ControlDocuments(database));

        // When this node asks for its share
        int max = share.getMaxSegments("balances");

        // Then node-b is an hour old on the lease clock and not counted; node-c and this node share the 6 segments
        assertThat(max).isEqualTo(3);
        assertThat(nodes.find(new Document("_id", "balances@node-a")).first().getDate("seenAt"))
                .isEqualTo(Date.from(leaseNow));
    }

    /** @return {@code count} segments, each claimed by a node other than node-a */
    private static Map<Integer, String> heldElsewhere(int count) {
        Map<Integer, String> owners = new TreeMap<>();
        for (int segment = 0; segment < count; segment++) {
            owners.put(segment, "node-b");
        }
        return owners;
    }

    private static Document record(String node, Instant seenAt) {
        return new Document("_id", "balances@" + node).append("projection", "balances").append("node", node)
                                                      .append("seenAt", Date.from(seenAt));
    }
}
