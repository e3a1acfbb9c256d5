package dev.cairn.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event store's stored format has one owner, {@code StorageLayout}: no other main source spells one of its
 * distinctive field names as a string literal. Other modules ask the engine's public API instead.
 * <p>
 * Not checked: the benchmarks module, whose baseline contenders (raw driver, Axon's Mongo extension) keep documents
 * of their own format, the migration's description of the Mongo extension's format ({@code AxonMongoFields}, whose
 * default names are the extension's), and lookups of Axon annotation attributes that share a name with a field.
 */
class StoredFieldNamesTest {

    private static final Pattern STORED_FIELD = Pattern.compile(
            "\"(lastGlobalIndex|streamKeys|eventIdentifier|aggregateType|aggregateIdentifier|sequenceNumber"
                    + "|timestampNanos|payloadType|payloadRevision|voided|events\\.[a-zA-Z]+)\"");
    private static final String OWNER = "StorageLayout.java";
    private static final String SOURCE_FORMAT = "AxonMongoFields.java";

    @Test
    void noMainSourceButTheLayoutSpellsAStoredFieldName() throws IOException {
        // given
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> found = new ArrayList<>();

        // when
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(file -> file.toString().endsWith(".java"))
                 .filter(file -> file.toString().contains("/src/main/java/"))
                 .filter(file -> !root.relativize(file).startsWith("benchmarks"))
                 .filter(file -> !file.getFileName().toString().equals(OWNER))
                 .filter(file -> !file.getFileName().toString().equals(SOURCE_FORMAT))
                 .forEach(file -> collect(root, file, found));
        }

        // then
        assertThat(found).as("stored field names spelled outside %s", OWNER).isEmpty();
    }

    @Test
    void theScanSeesTheLayoutItself() throws IOException {
        Path layout;
        try (Stream<Path> files = Files.walk(Path.of("..").toAbsolutePath().normalize())) {
            layout = files.filter(file -> file.getFileName().toString().equals(OWNER)).findFirst().orElseThrow();
        }
        assertThat(STORED_FIELD.matcher(Files.readString(layout)).results().count()).isGreaterThanOrEqualTo(9);
    }

    private static void collect(Path root, Path file, List<String> found) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                Matcher matcher = STORED_FIELD.matcher(line);
                if (matcher.find() && !line.contains("attributes.get(")) {
                    found.add(root.relativize(file) + ":" + (i + 1) + " " + matcher.group());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
