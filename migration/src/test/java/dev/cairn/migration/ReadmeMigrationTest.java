package dev.cairn.migration;

import com.mongodb.client.MongoClient;
import dev.cairn.migration.support.SourceApplication;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's section "Moving from axon-mongo" holds: its Java block is this class's code, which runs and verifies.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class ReadmeMigrationTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path SELF = Path.of("src/test/java/dev/cairn/migration/ReadmeMigrationTest.java");

    @Test
    void theJavaExampleIsThisCodeAndItMigratesAndVerifies(MongoClient client) throws IOException {
        // Given an axon-mongo store in database "legacy" and an empty "shop"
        client.getDatabase("legacy").drop();
        client.getDatabase("shop").drop();
        try (SourceApplication legacy = new SourceApplication(client, "legacy", JacksonSerializer.defaultSerializer(),
                                                              10)) {
            legacy.write("ledger", 5, 60, 1);
        }

        // When the README's example runs
        AxonMongoMigration migration = AxonMongoMigration.builder()
                .sourceDatabase(client.getDatabase("legacy"))      // the extension's collections
                .targetDatabase(client.getDatabase("shop"))        // Cairn's
                .batchSize(1_000)
                .progressListener(progress -> System.out.println(progress.phase() + " " + progress.done()))
                .build();
        MigrationReport report = migration.run();                 // resumable: run it again to continue or catch up
        Verification verification = migration.verify();

        // Then it copied and verified everything, and the README shows exactly this code
        assertThat(report.copiedEvents()).isEqualTo(60);
        assertThat(verification.matches()).isTrue();
        Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(section());
        assertThat(block.find()).as("the section's Java block").isTrue();
        assertThat(normalize(Files.readString(SELF))).contains(normalize(block.group(1)));
    }

    @Test
    void theSectionNamesOnlyOptionsOfTheBuilder() throws IOException {
        // Given the builder methods the section's Java block calls
        Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(section());
        assertThat(block.find()).isTrue();
        Matcher call = Pattern.compile("\\.([a-zA-Z]+)\\(").matcher(block.group(1));
        List<String> calls = new ArrayList<>();
        while (call.find()) {
            calls.add(call.group(1));
        }

        // Then each is a method of the builder, the migration, or the driver and listener it uses
        List<String> known = new ArrayList<>();
        for (var method : AxonMongoMigration.Builder.class.getMethods()) {
            known.add(method.getName());
        }
        known.addAll(List.of("builder", "run", "verify", "getDatabase", "println", "phase", "done"));
        assertThat(known).containsAll(calls);
    }

    static String section() throws IOException {
        String readme = Files.readString(README);
        int from = readme.indexOf("\n## Moving from axon-mongo\n");
        assertThat(from).as("README section 'Moving from axon-mongo'").isNotNegative();
        int to = readme.indexOf("\n## ", from + 1);
        return readme.substring(from, to < 0 ? readme.length() : to);
    }

    private static String normalize(String code) {
        return code.replaceAll("(?m)^\\s*import .*$", "").replaceAll("\\s+", "");
    }
}
