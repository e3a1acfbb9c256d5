package dev.cairn.sagas;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java block of the README's "Sagas and compensation" is compiled code of this module's tests (the shop, run by
 * {@code OrderSagaEndToEndTest} and {@code OrderSagaFixtureTest}), found verbatim up to whitespace.
 */
class ReadmeSagasTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path SOURCES = Path.of("src", "test", "java");

    @Test
    void everyJavaBlockOfTheSectionIsFoundVerbatimInTheTests() throws IOException {
        // Given the test sources of the module
        String sources = sources();

        // When the section's Java blocks are read
        List<String> blocks = javaBlocks(section("Sagas and compensation"));

        // Then each is there, verbatim up to whitespace
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(5);
        for (String block : blocks) {
            assertThat(sources).as("README code not found verbatim in %s:%n%s", SOURCES, block)
                               .contains(normalize(block));
        }
    }

    private static String section(String title) throws IOException {
        String readme = Files.readString(README);
        int from = readme.indexOf("\n## " + title + "\n");
        assertThat(from).as("README has a section '%s'", title).isNotNegative();
        int to = readme.indexOf("\n## ", from + 1);
        return readme.substring(from, to < 0 ? readme.length() : to);
    }

    private static List<String> javaBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher matcher = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        while (matcher.find()) {
            blocks.add(matcher.group(1));
        }
        return blocks;
    }

    private static String sources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            StringBuilder all = new StringBuilder();
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                all.append(Files.readString(file));
            }
            return normalize(all.toString());
        }
    }

    private static String normalize(String code) {
        return code.replaceAll("(?m)^\\s*import .*$", "").replaceAll("\\s+", "");
    }
}
