package dev.cairn.eventstore.mongo.layout;

import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.eventstore.mongo.support.IndexProblem;
import dev.cairn.eventstore.mongo.support.IndexSpec;
import dev.cairn.eventstore.mongo.support.MongoIndexes;
import org.bson.BsonDocument;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Every collection Cairn keeps in an application's database (default names), the module that owns it and the indexes
 * it needs: the one description the components build their indexes from, the command line checks and creates them
 * from ({@code cairn indexes check|ensure}), and the README's privileges follow (ADR 18). The event store's indexes
 * come from {@link StorageLayout}; those of the other modules are defined here, and each module's tests check that
 * their keys are the fields it queries. A module adding a collection or an index adds it here.
 * <p>
 * Not listed: the collections of applications' read models (and their blue/green versions), whose indexes the
 * application declares.
 */
public final class IndexCatalog {

    /** The TTL index of idempotency keys: a key document is removed at its {@code expiresAt}. */
    public static final List<IndexSpec> IDEMPOTENCY = List.of(
            IndexSpec.ascending("cairn_idempotency_expiry", "expiresAt").expiringAfter(Duration.ZERO));

    /** One token document per processor segment. */
    public static final List<IndexSpec> TOKENS = List.of(
            IndexSpec.ascending("cairn_tokens_processor_segment", "processorName", "segment").asUnique());

    /**
     * One unique index serves every query of the dead-letter queue: it allocates indexes within a sequence (a second
     * letter at the same index is a duplicate key), reads a sequence in order, finds the first letter of every
     * sequence, and counts and clears a processing group.
     */
    public static final List<IndexSpec> DEAD_LETTERS = List.of(
            IndexSpec.ascending("cairn_dead_letters_sequence", "processingGroup", "sequenceIdentifier",
                                "sequenceIndex").asUnique());

    /**
     * The association lookup of sagas: the saga type, then key and value of the associations (multikey). Not unique:
     * several sagas may share an association value.
     */
    public static final List<IndexSpec> SAGAS = List.of(
            IndexSpec.ascending("cairn_sagas_associations", "sagaType", "associations.key", "associations.value"));

    /** Due deadlines by status and time; deadlines by name and scope, for cancelling. */
    public static final List<IndexSpec> DEADLINES = List.of(
            IndexSpec.ascending("cairn_deadlines_due", "status", "dueAt"),
            IndexSpec.ascending("cairn_deadlines_name", "name", "scope.json"));

    /**
     * One collection of the catalog.
     *
     * @param collection the collection's default name
     * @param module     the Maven module whose components use it, e.g. {@code cairn-projections}
     * @param indexes    the indexes it needs besides {@code _id}; empty for collections that need none
     */
    public record Entry(String collection, String module, List<IndexSpec> indexes) {

        public Entry {
            Objects.requireNonNull(collection, "collection");
            Objects.requireNonNull(module, "module");
            indexes = List.copyOf(indexes);
        }
    }

    private static final List<Entry> ENTRIES = List.of(
            new Entry(CairnCollections.EVENTS, "cairn-eventstore-mongo", StorageLayout.EVENT_INDEXES),
            new Entry(CairnCollections.SNAPSHOTS, "cairn-eventstore-mongo", StorageLayout.SNAPSHOT_INDEXES),
            new Entry(CairnCollections.SEQUENCES, "cairn-eventstore-mongo", List.of()),
            new Entry(CairnCollections.IDEMPOTENCY, "cairn-aggregates", IDEMPOTENCY),
            new Entry(CairnCollections.TOKENS, "cairn-projections", TOKENS),
            new Entry(CairnCollections.DEAD_LETTERS, "cairn-projections", DEAD_LETTERS),
            new Entry(CairnCollections.PROJECTION_CONTROL, "cairn-projections", List.of()),
            new Entry(CairnCollections.PROJECTION_NODES, "cairn-projections", List.of()),
            new Entry(CairnCollections.PROJECTION_ALIASES, "cairn-projections", List.of()),
            new Entry(CairnCollections.SAGAS, "cairn-sagas", SAGAS),
            new Entry(CairnCollections.DEADLINES, "cairn-sagas", DEADLINES));

    private IndexCatalog() {
    }

    /** @return every collection of Cairn with its module and indexes, event store first */
    public static List<Entry> entries() {
        return ENTRIES;
    }

    /** @return the default names of every collection Cairn keeps */
    public static List<String> collections() {
        return ENTRIES.stream().map(Entry::collection).toList();
    }

    /**
     * @return every index the catalog lists that {@code database} lacks or has with another definition, in catalog
     * order; empty when the database holds them all
     */
    public static List<IndexProblem> problems(MongoDatabase database) {
        Objects.requireNonNull(database, "database");
        List<IndexProblem> problems = new ArrayList<>();
        for (Entry entry : ENTRIES) {
            problems.addAll(MongoIndexes.problems(database.getCollection(entry.collection(), BsonDocument.class),
                                                  entry.indexes()));
        }
        return problems;
    }

    /**
     * Creates every collection of the catalog that does not exist yet, and every missing index, for an operator who
     * holds {@code createCollection} and {@code createIndex}; never drops anything.
     *
     * @return the names of the indexes created, as {@code collection.index}
     * @throws dev.cairn.eventstore.mongo.support.IndexConflictException at the first index that exists with another
     *                                                                    definition
     */
    public static List<String> ensure(MongoDatabase database) {
        Objects.requireNonNull(database, "database");
        List<String> existing = database.listCollectionNames().into(new ArrayList<>());
        List<String> created = new ArrayList<>();
        for (Entry entry : ENTRIES) {
            if (!existing.contains(entry.collection())) {
                database.createCollection(entry.collection());
            }
            var collection = database.getCollection(entry.collection(), BsonDocument.class);
            for (IndexProblem problem : MongoIndexes.problems(collection, entry.indexes())) {
                if (problem.missing()) {
                    created.add(entry.collection() + "." + problem.index().name());
                }
            }
            MongoIndexes.ensure(collection, entry.indexes());
        }
        return created;
    }
}
