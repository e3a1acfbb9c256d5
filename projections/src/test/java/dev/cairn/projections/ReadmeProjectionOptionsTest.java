package dev.cairn.projections;

import dev.cairn.processing.AdvancingTokenStore;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's table of projection options states the defaults {@link ProjectionOptions#defaults()} has, and the
 * Spring Boot properties row says the same.
 */
class ReadmeProjectionOptionsTest {

    private static final Path README = Path.of("..", "README.md");

    @Test
    void theReadmeStatesTheDefaultSegmentsAndBatchSize() throws IOException {
        // Given the README
        String readme = Files.readString(README);

        // When its options table and its properties row are read
        int segments = Integer.parseInt(cell(readme, "\\| `segments\\(int\\)` \\| (\\d+) \\|"));
        int batchSize = Integer.parseInt(cell(readme, "\\| `batchSize\\(int\\)` \\| (\\d+) \\|"));
        int propertySegments = Integer.parseInt(cell(readme, "`segments` \\((\\d+)\\), `batch-size`"));
        int propertyBatchSize = Integer.parseInt(cell(readme, "`batch-size` \\((\\d+)\\)"));

        // Then they are the defaults of ProjectionOptions
        ProjectionOptions defaults = ProjectionOptions.defaults();
        assertThat(segments).isEqualTo(propertySegments).isEqualTo(defaults.segments());
        assertThat(batchSize).isEqualTo(propertyBatchSize).isEqualTo(defaults.batchSize());
    }

    @Test
    void theReadmeStatesHowLongABatchThatWroteNothingDefersItsToken() throws IOException {
        // Given the README
        String readme = Files.readString(README);

        // When its sentence on batches that wrote nothing is read
        long millis = Long.parseLong(cell(readme,
                                          "parked no event stores its token at most every (\\d+) ms per segment"));

        // Then it is the deferral the projections' token store uses
        assertThat(Duration.ofMillis(millis)).isEqualTo(AdvancingTokenStore.DEFAULT_TOKEN_DEFERRAL);
    }

    private static String cell(String readme, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(readme);
        assertThat(matcher.find()).as("README row matching %s", regex).isTrue();
        return matcher.group(1);
    }
}
