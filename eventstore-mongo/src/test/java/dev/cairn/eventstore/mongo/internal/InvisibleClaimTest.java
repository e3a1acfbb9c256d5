package dev.cairn.eventstore.mongo.internal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.AllowedTypes;
import dev.cairn.eventstore.mongo.CairnSerializers;
import dev.cairn.eventstore.mongo.layout.StorageLayout;
import dev.cairn.eventstore.mongo.support.MongoErrors;
import dev.cairn.eventstore.mongo.support.MongoIndexes;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.bson.BsonDocument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * On a replica set, the commit that took a claimed index may not be visible to the head's majority reads yet. Such a
 * claim is neither a conflict nor a known lost claim: the member claims again with growing pauses until the commit
 * shows, and otherwise fails as what it is, never as a duplicate key (which Axon would report as a concurrency
 * conflict). The embedded server ignores read concerns, so the majority view is played by a second collection that
 * receives the other node's commit late.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class InvisibleClaimTest {

    private MongoCollection<BsonDocument> events;
    private MongoCollection<BsonDocument> majorityView;

    @BeforeEach
    void setUp(MongoDatabase database) {
        events = database.getCollection("events", BsonDocument.class);
        majorityView = database.getCollection("events_majority_view", BsonDocument.class);
        MongoIndexes.ensure(events, StorageLayout.EVENT_INDEXES);
    }

    @Test
    void aClaimLostToACommitThatShowsLaterIsLaidOutAgainAboveIt() throws Exception {
        // given another node's commit at index 1, which majority reads show only 150 ms later
        BsonDocument other = RawCommits.commitAt(1, List.of(event("other", "other-0")),
                                                 CairnSerializers.defaultSerializer());
        events.insertOne(other);
        CompletableFuture<Void> replicated = CompletableFuture.runAsync(
                () -> majorityView.insertOne(other.clone()),
                CompletableFuture.delayedExecutor(150, TimeUnit.MILLISECONDS));
        GroupCommitter committer = committer(Duration.ofSeconds(5));

        // when this node appends from head 0
        long first = committer.write(commit("mine", "mine-0"));
        replicated.get();

        // then it claimed again until the commit showed, and landed above it
        assertThat(first).isEqualTo(2);
        assertThat(events.countDocuments()).isEqualTo(2);
    }

    @Test
    void aClaimLostToACommitThatNeverShowsFailsWithoutPosingAsAConflict() {
        // given another node's commit at index 1 that majority reads never show
        events.insertOne(RawCommits.commitAt(1, List.of(event("other", "other-0")),
                                             CairnSerializers.defaultSerializer()));
        GroupCommitter committer = committer(Duration.ofMillis(300));

        // when / then the append fails after the timeout, naming the index, and not as a duplicate key
        assertThatThrownBy(() -> committer.write(commit("mine", "mine-0")))
                .isInstanceOf(EventStoreException.class)
                .hasMessageContaining("Global index 1")
                .hasMessageContaining("300 ms")
                .satisfies(failure -> assertThat(MongoErrors.isDuplicateKey(failure)).isFalse());
        assertThat(events.countDocuments()).isEqualTo(1);
    }

    private GroupCommitter committer(Duration visibilityTimeout) {
        return new GroupCommitter(events, new ClaimHead(majorityView, 0, Long.MAX_VALUE, System::nanoTime),
                                  new EventQueries(events, new TypeGuard(AllowedTypes.cairnDefaults())),
                                  new CommitKeyLookup(majorityView), Duration.ZERO, visibilityTimeout);
    }

    private static PreparedCommit commit(String aggregate, String identifier) {
        return CommitDocuments.prepare(List.of(event(aggregate, identifier)), CairnSerializers.defaultSerializer());
    }

    private static GenericDomainEventMessage<String> event(String aggregate, String identifier) {
        return new GenericDomainEventMessage<>("Test", aggregate, 0, "e", java.util.Map.of(), identifier,
                                               java.time.Instant.now());
    }
}
