package dev.cairn.mongo.embedded;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A {@code $merge} into the collection being aggregated, as ADR 76 would write a commit after a lost claim, is judged
 * by the collection's unique indexes as an insert is, on the embedded server as on MongoDB: the embedded server's
 * merge stage adds each document through the collection's insert path ({@code addDocument}, which checks every
 * index). The one unique index the embedded server does not enforce, a sparse one on a path through an array of
 * documents (the event identifier), is not enforced on inserts either (see the project's notes on the embedded
 * server); on MongoDB both are refused. What differs is {@code $literal}: the embedded server evaluates the strings
 * inside a literal document a second time.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class MergeRefusalTest {

    private MongoCollection<Document> commits;
    private boolean embedded;

    @BeforeEach
    void setUp(MongoDatabase database, MongoTarget target) {
        commits = database.getCollection("commits");
        commits.createIndex(Indexes.ascending("lastGlobalIndex"), new IndexOptions().unique(true));
        commits.createIndex(Indexes.ascending("streamKeys"), new IndexOptions().unique(true).sparse(true));
        commits.createIndex(Indexes.ascending("events.eventIdentifier"), new IndexOptions().unique(true).sparse(true));
        embedded = target.embedded();
        // a store holding [1..1] and [2..3]
        commits.insertMany(List.of(commit(1, 1, "a#0", "e-1"), commit(2, 3, "b#0", "e-2")));
    }

    @Test
    void aMergedCommitLandsRightAboveTheHighestOne() {
        // given a commit of two events
        Document payload = new Document("amount", 12L).append("tags", List.of("a", new Document("b", 1)));

        // when it is merged
        merge(2, "c#0", "e-4", payload);

        // then it takes [4..5], stored as given
        Document stored = commits.find(new Document("_id", 4L)).first();
        assertThat(stored).isNotNull();
        assertThat(stored.get("lastGlobalIndex")).isEqualTo(5L);
        assertThat(stored.getList("streamKeys", String.class)).containsExactly("c#0");
        assertThat(stored.get("payload", Document.class)).isEqualTo(payload);
    }

    @Test
    void aStringThatLooksLikeAFieldPathSurvivesALiteralDocumentOnMongoDbOnly() {
        // given a payload whose strings look like field paths ("$5.00" in a price, say)
        Document payload = new Document("note", "$value").append("list", List.of("$x", new Document("y", "$$ROOT")));

        // when it is merged inside a $literal
        merge(2, "c#0", "e-4", payload);

        // then MongoDB stores it as given; the embedded server evaluates the strings in the literal's documents once
        // more (not those in arrays) and drops the field whose path is missing: a merge path cannot be tested on it
        // with such payloads
        Document stored = commits.find(new Document("_id", 4L)).first().get("payload", Document.class);
        if (embedded) {
            assertThat(stored).doesNotContainKey("note").containsEntry("list", payload.get("list"));
        } else {
            assertThat(stored).isEqualTo(payload);
        }
    }

    @Test
    void aMergeWithATakenStreamKeyIsRefusedAndStoresNothing() {
        // given stream key b#0 is stored

        // when a commit with that stream key is merged, then the server refuses it on the unique index
        assertThatThrownBy(() -> merge(1, "b#0", "e-4", new Document()))
                .isInstanceOfSatisfying(MongoCommandException.class,
                                        e -> assertThat(e.getErrorCode()).isEqualTo(11000));
        assertThat(commits.countDocuments()).isEqualTo(2);
    }

    @Test
    void aMergeWhoseIndexAnotherCommitTookIsRefused() {
        // given a commit stored at [4..4] whose lastGlobalIndex the merge's computed _id does not see
        commits.insertOne(commit(4, 4, "d#0", "e-5"));

        // when a merge computes its range from the commit [2..3], as one whose read ran before that insert would
        List<Document> pipeline = List.of(new Document("$match", new Document("_id", 2L)),
                                          projectAbove(1, "c#0", "e-4", new Document()), MERGE);

        // then the server refuses it on _id
        assertThatThrownBy(() -> commits.aggregate(pipeline).toCollection())
                .isInstanceOfSatisfying(MongoCommandException.class,
                                        e -> assertThat(e.getErrorCode()).isEqualTo(11000));
        assertThat(commits.countDocuments()).isEqualTo(3);
    }

    @Test
    void aTakenEventIdentifierIsJudgedTheSameByAMergeAsByAnInsert() {
        // given event e-2 is stored

        // when one commit reusing it is inserted and another is merged
        boolean insertRefused = refused(() -> commits.insertOne(commit(10, 10, "x#0", "e-2")));
        boolean mergeRefused = refused(() -> merge(1, "y#0", "e-2", new Document()));

        // then both are refused on MongoDB, and the embedded server treats both alike
        assertThat(mergeRefused).isEqualTo(insertRefused);
        if (!embedded) {
            assertThat(mergeRefused).isTrue();
        }
    }

    @Test
    void aMergeIntoAnEmptyCollectionWritesNothingAndSucceeds() {
        // given an empty collection
        commits.deleteMany(new Document());

        // when a commit is merged
        merge(1, "a#0", "e-1", new Document());

        // then nothing is stored: the caller must claim the first index itself
        assertThat(commits.countDocuments()).isZero();
    }

    private static final Document MERGE = new Document("$merge", new Document("into", "commits")
            .append("on", "_id").append("whenMatched", "fail").append("whenNotMatched", "insert"));

    private void merge(int size, String streamKey, String eventIdentifier, Document payload) {
        commits.aggregate(List.of(new Document("$sort", new Document("lastGlobalIndex", -1)),
                                  new Document("$limit", 1),
                                  projectAbove(size, streamKey, eventIdentifier, payload), MERGE))
               .toCollection();
    }

    private static Document projectAbove(int size, String streamKey, String eventIdentifier, Document payload) {
        return new Document("$project", new Document("_id", new Document("$add", List.of("$lastGlobalIndex", 1L)))
                .append("lastGlobalIndex", new Document("$add", List.of("$lastGlobalIndex", (long) size)))
                .append("streamKeys", new Document("$literal", List.of(streamKey)))
                .append("events", new Document("$literal", List.of(new Document("eventIdentifier", eventIdentifier))))
                .append("payload", new Document("$literal", payload)));
    }

    private static Document commit(long first, long last, String streamKey, String eventIdentifier) {
        return new Document("_id", first).append("lastGlobalIndex", last).append("streamKeys", List.of(streamKey))
                                         .append("events", List.of(new Document("eventIdentifier", eventIdentifier)));
    }

    private static boolean refused(Runnable write) {
        try {
            write.run();
            return false;
        } catch (MongoWriteException | MongoCommandException e) {
            assertThat(e.getCode()).isEqualTo(11000);
            return true;
        }
    }
}
