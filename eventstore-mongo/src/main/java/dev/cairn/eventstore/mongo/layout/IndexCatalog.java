package dev.cairn.eventstore.mongo.layout;

import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.eventstore.mongo.support.CairnCollections.Role;
import dev.cairn.eventstore.mongo.support.IndexProblem;
import dev.cairn.eventstore.mongo.support.IndexSpec;
import dev.cairn.eventstore.mongo.support.MongoIndexes;
import org.bson.BsonDocument;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Every collection Cairn keeps in an application's database (by {@link Role}), the module that owns it and the indexes
 * it needs: the one description the components build their indexes from, the command line checks and creates them
 * from ({@code cairn indexes check|ensure}, under the names the application's {@link CairnCollections} gives them,
 * ADR 73), and the README's privileges follow (ADR 18). The event store's indexes
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
     * Parked saga events (ADR 51), one document per saga: the sequences due for a retry by status and time. The saga's
     * own document is found by {@code _id}.
     */
    public static final List<IndexSpec> PARKED_SAGA_EVENTS = List.of(
            IndexSpec.ascending("cairn_parked_saga_events_due", "status", "dueAt"));

    /**
     * One collection of the catalog.
     *
     * @param role    what the collection holds; its name is {@code role}'s in a {@link CairnCollections}
     * @param module  the Maven module whose components use it, e.g. {@code cairn-projections}
     * @param indexes the indexes it needs besides {@code _id}; empty for collections that need none
     */
    public record Entry(Role role, String module, List<IndexSpec> indexes) {

        public Entry {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(module, "module");
            indexes = List.copyOf(indexes);
        }

        /** @return the collection's default name */
        public String collection() {
            return role.defaultName();
        }

        /** @return the collection's name in {@code collections} */
        public String collection(CairnCollections collections) {
            return collections.name(role);
        }
    }

    private static final List<Entry> ENTRIES = List.of(
            new Entry(Role.EVENTS, "cairn-eventstore-mongo", StorageLayout.EVENT_INDEXES),
            new Entry(Role.SNAPSHOTS, "cairn-eventstore-mongo", StorageLayout.SNAPSHOT_INDEXES),
            new Entry(Role.SEQUENCES, "cairn-eventstore-mongo", List.of()),
            new Entry(Role.IDEMPOTENCY, "cairn-aggregates", IDEMPOTENCY),
            new Entry(Role.TOKENS, "cairn-projections", TOKENS),
            new Entry(Role.DEAD_LETTERS, "cairn-projections", DEAD_LETTERS),
            new Entry(Role.PROJECTION_CONTROL, "cairn-projections", List.of()),
            new Entry(Role.PROJECTION_NODES, "cairn-projections", List.of()),
            new Entry(Role.PROJECTION_ALIASES, "cairn-projections", List.of()),
            new Entry(Role.SAGAS, "cairn-sagas", SAGAS),
            new Entry(Role.DEADLINES, "cairn-sagas", DEADLINES),
            new Entry(Role.PARKED_SAGA_EVENTS, "cairn-sagas", PARKED_SAGA_EVENTS),
            new Entry(Role.TENANTS, "cairn-tenants", List.of()));

    private IndexCatalog() {
    }

    /** @return every collection of Cairn with its module and indexes, event store first */
    public static List<Entry> entries() {
        return ENTRIES;
    }

    /** @return the default names of every collection Cairn keeps */
    public static List<String> collections() {
        return collections(CairnCollections.defaults());
    }

    /** @return the names {@code collections} gives every collection of the catalog, in catalog order */
    public static List<String> collections(CairnCollections collections) {
        Objects.requireNonNull(collections, "collections");
        return ENTRIES.stream().map(entry -> entry.collection(collections)).toList();
    }

    /**
     * @return every index the catalog lists that {@code database} lacks or has with another definition, in catalog
     * order, under the default collection names; empty when the database holds them all
     */
    public static List<IndexProblem> problems(MongoDatabase database) {
        return problems(database, CairnCollections.defaults());
    }

    /**
     * As {@link #problems(MongoDatabase)}, for the collections as {@code collections} names them (an application's
     * configured names).
     */
    public static List<IndexProblem> problems(MongoDatabase database, CairnCollections collections) {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(collections, "collections");
        List<IndexProblem> problems = new ArrayList<>();
        for (Entry entry : ENTRIES) {
            problems.addAll(MongoIndexes.problems(database.getCollection(entry.collection(collections),
                                                                         BsonDocument.class), entry.indexes()));
        }
        return problems;
    }

    /**
     * Creates every collection of the catalog that does not exist yet, and every missing index, under the default
     * collection names, for an operator who holds {@code createCollection} and {@code createIndex}; never drops
     * anything.
     *
     * @return the names of the indexes created, as {@code collection.index}
     * @throws dev.cairn.eventstore.mongo.support.IndexConflictException at the first index that exists with another
     *                                                                    definition
     */
    public static List<String> ensure(MongoDatabase database) {
        return ensure(database, CairnCollections.defaults());
    }

    /**
     * As {@link #ensure(MongoDatabase)}, for the collections as {@code collections} names them.
     */
    public static List<String> ensure(MongoDatabase database, CairnCollections collections) {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(collections, "collections");
        List<String> existing = database.listCollectionNames().into(new ArrayList<>());
        List<String> created = new ArrayList<>();
        for (Entry entry : ENTRIES) {
            String name = entry.collection(collections);
            if (!existing.contains(name)) {
                database.createCollection(name);
            }
            var collection = database.getCollection(name, BsonDocument.class);
            for (IndexProblem problem : MongoIndexes.problems(collection, entry.indexes())) {
                if (problem.missing()) {
                    created.add(name + "." + problem.index().name());
                }
            }
            MongoIndexes.ensure(collection, entry.indexes());
        }
        return created;
    }
}
