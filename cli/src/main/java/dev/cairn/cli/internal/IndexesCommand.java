package dev.cairn.cli.internal;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.layout.IndexCatalog;
import dev.cairn.eventstore.mongo.support.IndexConflictException;
import dev.cairn.eventstore.mongo.support.IndexProblem;
import dev.cairn.eventstore.mongo.support.IndexSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code cairn indexes check|ensure}: Cairn's collections and indexes as {@link IndexCatalog} lists them, under the
 * names the application gives the collections (ADR 73), compared with or created in the database (ADR 18).
 */
@Command(name = "indexes", mixinStandardHelpOptions = true,
        description = "Cairn's collections and indexes: check they are present, or create them (for an operator "
                + "holding createIndex, when the application starts with index creation off).",
        subcommands = {IndexesCommand.Check.class, IndexesCommand.Ensure.class})
final class IndexesCommand implements Runnable {

    private static final int UNAUTHORIZED = 13;

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions options;

    @Override
    public void run() {
        throw RootCommand.missingCommand(spec);
    }

    static int indexCount() {
        return IndexCatalog.entries().stream().mapToInt(entry -> entry.indexes().size()).sum();
    }

    static Map<String, Object> document(IndexSpec index) {
        Map<String, Object> keys = new java.util.LinkedHashMap<>();
        index.keys().forEach((field, direction) -> keys.put(field, direction.asNumber().intValue()));
        return Documents.of("name", index.name(), "keys", keys, "unique", index.unique(),
                            "sparse", index.sparse(),
                            "expireAfterSeconds", index.expireAfter() == null ? null
                                    : index.expireAfter().toSeconds());
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Compares the database with Cairn's indexes: exit 0 when every one is present with its "
                    + "definition, exit 1 naming each missing or different one.")
    static final class Check extends CairnCommand {

        Check(Session session) {
            super(session);
        }

        @Override
        int execute() {
            MongoDatabase database = session.database();
            List<IndexProblem> problems = IndexCatalog.problems(database, session.collections());
            Output output = output();
            if (output.json()) {
                List<Object> listed = new ArrayList<>();
                for (IndexProblem problem : problems) {
                    Map<String, Object> entry = Documents.of("collection", problem.collection(),
                                                             "status", problem.missing() ? "MISSING" : "DIFFERENT");
                    entry.putAll(document(problem.index()));
                    entry.put("found", problem.found());
                    listed.add(entry);
                }
                output.document(Documents.of("database", database.getName(), "collections",
                                             IndexCatalog.collections().size(), "indexes", indexCount(),
                                             "ok", problems.isEmpty(), "problems", listed));
            } else if (problems.isEmpty()) {
                output.text("All " + indexCount() + " indexes of Cairn's " + IndexCatalog.collections().size()
                                    + " collections are present in database [" + database.getName() + "].");
            } else {
                List<List<String>> rows = new ArrayList<>();
                for (IndexProblem problem : problems) {
                    rows.add(List.of(problem.missing() ? "MISSING" : "DIFFERENT", problem.collection(),
                                     problem.index().name(), problem.index().describe(),
                                     problem.missing() ? "-" : problem.found()));
                }
                output.table(List.of("STATUS", "COLLECTION", "INDEX", "NEEDS", "FOUND"), rows);
                output.text(problems.size() + " of " + indexCount() + " indexes are missing or different in "
                                    + "database [" + database.getName() + "]: run 'cairn indexes ensure' as a user "
                                    + "holding createIndex (drop a different one first).");
            }
            return problems.isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }

    @Command(name = "ensure", mixinStandardHelpOptions = true,
            description = "Creates Cairn's missing collections and indexes (needs createCollection and createIndex); "
                    + "never drops one: an index defined differently fails naming it.")
    static final class Ensure extends CairnCommand {

        Ensure(Session session) {
            super(session);
        }

        @Override
        int execute() {
            MongoDatabase database = session.database();
            List<String> created;
            try {
                created = IndexCatalog.ensure(database, session.collections());
            } catch (IndexConflictException e) {
                throw CliException.failure(e.getMessage(), e);
            } catch (MongoCommandException e) {
                if (e.getErrorCode() == UNAUTHORIZED) {
                    throw CliException.failure("The user may not create Cairn's collections or indexes in database ["
                                                       + database.getName() + "]: 'indexes ensure' needs "
                                                       + "createCollection, createIndex and listIndexes ("
                                                       + session.scrub(e.getErrorMessage()) + ")", e);
                }
                throw e;
            }
            Output output = output();
            if (output.json()) {
                output.document(Documents.of("database", database.getName(), "created", created,
                                             "indexes", indexCount()));
            } else if (created.isEmpty()) {
                output.text("All " + indexCount() + " indexes were present in database [" + database.getName()
                                    + "]; nothing created.");
            } else {
                output.text("Created " + created.size() + " of " + indexCount() + " indexes in database ["
                                    + database.getName() + "]: " + String.join(", ", created) + ".");
            }
            return ExitCodes.OK;
        }
    }
}
