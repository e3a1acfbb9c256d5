package dev.cairn.cli;

import dev.cairn.aggregates.Cairn;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.eventstore.mongo.layout.IndexCatalog;
import dev.cairn.processing.MongoTokenStore;
import dev.cairn.projections.MongoSequencedDeadLetterQueue;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's section "Running with least privilege" holds: its roles cover exactly the collections of
 * {@link IndexCatalog}, every collection whose indexes start-up checks may list them, its example output counts the
 * catalog's indexes, the commands and options it names exist, and the builders it names take
 * {@code indexCreation(boolean)}.
 */
class ReadmeLeastPrivilegeTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Pattern PRIVILEGE = Pattern.compile(
            "\\{ resource: \\{ db: \"shop\", collection: \"([a-z_]+)\" },\\s*actions: \\[([^]]*)]");

    @Test
    void theApplicationRoleCoversExactlyTheCatalogsCollectionsAndItsReadModels() throws IOException {
        // Given the privileges of role cairnApplication, Cairn's own before the read models' comment
        String role = between(section(), "role: \"cairnApplication\"", "// read models");
        Map<String, String> actions = new LinkedHashMap<>();
        Matcher privilege = PRIVILEGE.matcher(role);
        while (privilege.find()) {
            actions.put(privilege.group(1), privilege.group(2));
        }

        // Then every collection of the catalog has its line, and those with indexes may list them
        assertThat(actions.keySet()).containsExactlyElementsOf(IndexCatalog.collections());
        IndexCatalog.entries().stream().filter(entry -> !entry.indexes().isEmpty()).forEach(
                entry -> assertThat(actions.get(entry.collection())).as(entry.collection()).contains("\"listIndexes\"")
                                                                    .contains("\"find\""));
    }

    @Test
    void theOperatorRoleListsTheCatalogsCollections() throws IOException {
        // Given the collections of role cairnIndexes
        String array = between(section(), "const cairnCollections = [", "]");
        Set<String> listed = new LinkedHashSet<>();
        Matcher name = Pattern.compile("\"([a-z_]+)\"").matcher(array);
        while (name.find()) {
            listed.add(name.group(1));
        }

        // Then
        assertThat(listed).containsExactlyElementsOf(IndexCatalog.collections());
        assertThat(section()).contains("actions: [\"createCollection\", \"createIndex\", \"listIndexes\"]");
    }

    @Test
    void theExampleOutputCountsTheCatalogsIndexes() throws IOException {
        // Given
        int indexes = IndexCatalog.entries().stream().mapToInt(entry -> entry.indexes().size()).sum();
        int collections = IndexCatalog.collections().size();

        // Then
        assertThat(section()).contains("Created " + indexes + " of " + indexes + " indexes in database [shop]: "
                                               + "events.cairn_lastGlobalIndex, events.cairn_streamKeys, ")
                             .contains("All " + indexes + " indexes of Cairn's " + collections
                                               + " collections are present in database [shop].");
    }

    @Test
    void theCommandsAndOptionsItNamesExist() throws IOException {
        // Given every ./cairn command line of the section
        List<String[]> commands = new ArrayList<>();
        Matcher line = Pattern.compile("\\./cairn ([a-z-]+) ([a-z-]+)").matcher(section());
        while (line.find()) {
            commands.add(new String[]{line.group(1), line.group(2)});
        }
        assertThat(commands).hasSizeGreaterThanOrEqualTo(2);

        // When / Then each prints its help, which names the file option, and exits 0
        for (String[] command : commands) {
            java.io.ByteArrayOutputStream help = new java.io.ByteArrayOutputStream();
            PrintStream out = new PrintStream(help, true, java.nio.charset.StandardCharsets.UTF_8);
            assertThat(CairnCli.run(null, out, out, command[0], command[1], "--help"))
                    .as(String.join(" ", command)).isZero();
            assertThat(help.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("--mongo-uri-file");
        }
    }

    @Test
    void theBuildersItNamesTakeIndexCreation() throws Exception {
        // Given the builders the section names
        assertThat(section()).contains("`MongoEventStorageEngine`, `MongoTokenStore`, `MongoSequencedDeadLetterQueue`,"
                                               + "\n`MongoSagaStore`, `MongoDeadlineManager`");
        List<Class<?>> builders = List.of(Cairn.Builder.class, MongoEventStorageEngine.Builder.class,
                                          MongoTokenStore.Builder.class, MongoSequencedDeadLetterQueue.Builder.class);

        // Then (the sagas module is not on this class path; its builders' option is wired by SagaWiring)
        for (Class<?> builder : builders) {
            assertThat(builder.getMethod("indexCreation", boolean.class)).as(builder.getName()).isNotNull();
        }
    }

    private static String section() throws IOException {
        String readme = Files.readString(README);
        int from = readme.indexOf("\n## Running with least privilege\n");
        assertThat(from).as("README section 'Running with least privilege'").isNotNegative();
        int to = readme.indexOf("\n## ", from + 1);
        return readme.substring(from, to < 0 ? readme.length() : to);
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertThat(from).as(start).isNotNegative();
        int to = text.indexOf(end, from + start.length());
        assertThat(to).as(end).isGreaterThan(from);
        return text.substring(from, to);
    }
}
