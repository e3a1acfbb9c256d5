package com.example.testing.evolution;

import dev.cairn.testing.ReadmeBlocks;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java block of the README's "Evolving events" is compiled code of this package, which {@link EvolvingEventsTest}
 * and {@link AccountUpcastingTest} run.
 */
class ReadmeEvolvingEventsTest {

    private static final Path SOURCES = Path.of("src", "test", "java", "com", "example", "testing", "evolution");

    @Test
    void everyJavaBlockOfTheSectionIsFoundVerbatimInTheExample() throws IOException {
        // Given
        String sources = ReadmeBlocks.sources(SOURCES);

        // When
        List<String> blocks = ReadmeBlocks.javaBlocks(ReadmeBlocks.section("Evolving events"));

        // Then
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(8);
        for (String block : blocks) {
            assertThat(sources).as("README code not found verbatim in %s:%n%s", SOURCES, block)
                               .contains(ReadmeBlocks.normalize(block));
        }
    }
}
