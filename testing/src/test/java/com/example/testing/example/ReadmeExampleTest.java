package com.example.testing.example;

import com.mongodb.client.MongoClient;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import dev.cairn.testing.ReadmeBlocks;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the README example alive: the code runs, and every Java block of the README section is found verbatim
 * (ignoring whitespace) in this package's sources.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class ReadmeExampleTest {

    private static final Path README = ReadmeBlocks.README;
    private static final Path EXAMPLE_SOURCES = Path.of("src", "test", "java", "com", "example", "testing", "example");

    @Test
    void theStartUpExampleRunsAndAppliesTheIdempotentCommandOnce(MongoTarget target) {
        // Given
        MongoClient client = target.client();
        client.getDatabase("shop").getCollection("events").deleteMany(new Document());
        client.getDatabase("shop").getCollection("idempotency").deleteMany(new Document());
        client.getDatabase("shop").getCollection("snapshots").deleteMany(new Document());

        // When
        int quantities = ShopApplication.run(target.connectionString());

        // Then
        assertThat(quantities).isEqualTo(2 + 2);
        assertThat(client.getDatabase("shop").getCollection("events").countDocuments()).isEqualTo(2);
    }

    @Test
    void everyJavaBlockOfTheReadmeSectionIsCompiledCode() throws IOException {
        // Given
        String sources = exampleSources();

        // When
        List<String> blocks = javaBlocks(aggregateSections(Files.readString(README)));

        // Then
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(4);
        for (String block : blocks) {
            // records shown together in one block live in files of their own
            for (String declaration : block.split("(?m)^(?=public record )")) {
                assertThat(sources.contains(normalize(declaration)))
                        .as("README code not found verbatim in %s:%n%s", EXAMPLE_SOURCES, declaration)
                        .isTrue();
            }
        }
    }

    @Test
    void theProjectionsExampleRunsAndReadsItsOwnWrites(MongoTarget target) throws Exception {
        // Given
        MongoClient client = target.client();
        for (String collection : new String[]{"events", "idempotency", "snapshots", "cairn_tokens",
                                              "order_summaries", "product_totals", "order_summaries__v2",
                                              "product_totals__v2", "cairn_projection_aliases",
                                              "cairn_projection_control"}) {
            client.getDatabase("shop").getCollection(collection).deleteMany(new Document());
        }

        // When
        Document summary = ProjectionsApplication.run(target.connectionString());

        // Then
        assertThat(summary.getBoolean("caughtUp")).isTrue();
        assertThat(summary.getString("customer")).isEqualTo("carol");
        assertThat(summary.getInteger("lines")).isEqualTo(1);
        assertThat(summary.getLong("lag")).isZero();
        // and the blue/green rebuild switched readers to version 2, which holds the same summary
        assertThat(summary.getBoolean("switched")).isTrue();
        assertThat(summary.getInteger("version")).isEqualTo(2);
        Document rebuilt = summary.get("rebuilt", Document.class);
        assertThat(rebuilt.getString("customer")).isEqualTo("carol");
        assertThat(rebuilt.getInteger("lines")).isEqualTo(1);
    }

    @Test
    void everyJavaBlockOfTheProjectionsSectionIsCompiledCode() throws IOException {
        // Given
        String sources = exampleSources();

        // When
        List<String> blocks = javaBlocks(ReadmeBlocks.section("Projections"));

        // Then
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(3);
        for (String block : blocks) {
            assertThat(sources.contains(normalize(block)))
                    .as("README code not found verbatim in %s:%n%s", EXAMPLE_SOURCES, block)
                    .isTrue();
        }
    }

    private static String exampleSources() throws IOException {
        return ReadmeBlocks.sources(EXAMPLE_SOURCES);
    }

    /**
     * @return the README from "Writing an aggregate" to the end of "Testing an aggregate"
     */
    private static String aggregateSections(String readme) {
        int from = readme.indexOf("## Writing an aggregate");
        int testing = readme.indexOf("## Testing an aggregate");
        assertThat(from).as("README section 'Writing an aggregate'").isNotNegative();
        assertThat(testing).as("README section 'Testing an aggregate'").isGreaterThan(from);
        int to = readme.indexOf("\n## ", testing + 1);
        return readme.substring(from, to < 0 ? readme.length() : to);
    }

    private static List<String> javaBlocks(String markdown) {
        return ReadmeBlocks.javaBlocks(markdown);
    }

    private static String normalize(String code) {
        return ReadmeBlocks.normalize(code);
    }
}
