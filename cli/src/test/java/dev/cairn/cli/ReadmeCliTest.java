package dev.cairn.cli;

import com.example.cli.BankCli;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's section "Operating projections (CLI)" holds: its Java block is compiled code, and every command its
 * table names exists (its {@code --help} exits 0).
 */
class ReadmeCliTest {

    private static final Path README = Path.of("..", "README.md");

    @Test
    void theEmbeddingExampleIsCompiledCode() throws IOException {
        // Given
        String section = section();
        String source = Files.readString(Path.of("src/test/java/com/example/cli/BankMain.java"));

        // When
        Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(section);

        // Then
        assertThat(block.find()).isTrue();
        assertThat(normalize(source)).contains(normalize(block.group(1)));
    }

    @Test
    void everyCommandOfTheTableExists() throws IOException {
        // Given the commands the table names, e.g. `projections status [NAME] [--watch]`
        List<String[]> commands = new ArrayList<>();
        Matcher row = Pattern.compile("(?m)^\\| `([a-z-]+) ([a-z-]+)").matcher(section());
        while (row.find()) {
            commands.add(new String[]{row.group(1), row.group(2)});
        }
        assertThat(commands).hasSizeGreaterThanOrEqualTo(7);

        // When / Then each prints its help and exits 0
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        for (String[] command : commands) {
            assertThat(CairnCli.run(new BankCli(), quiet, quiet, command[0], command[1], "--help"))
                    .as(String.join(" ", command)).isZero();
        }
    }

    private static String section() throws IOException {
        String readme = Files.readString(README);
        int from = readme.indexOf("\n## Operating projections (CLI)\n");
        assertThat(from).as("README section 'Operating projections (CLI)'").isNotNegative();
        int to = readme.indexOf("\n## ", from + 1);
        return readme.substring(from, to < 0 ? readme.length() : to);
    }

    private static String normalize(String code) {
        return code.replaceAll("(?m)^\\s*import .*$", "").replaceAll("\\s+", "");
    }
}
