package dev.cairn.cli;

import dev.cairn.cli.support.CliRun;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's section "Moving from axon-mongo" names only options that {@code cairn migrate from-axon-mongo} takes.
 */
class ReadmeMigrationCommandTest {

    @Test
    void everyOptionTheSectionNamesIsAnOptionOfTheCommand() throws IOException {
        // Given the options the section names, in its command and its text
        String readme = Files.readString(Path.of("..", "README.md"));
        int from = readme.indexOf("\n## Moving from axon-mongo\n");
        assertThat(from).isNotNegative();
        int to = readme.indexOf("\n## ", from + 1);
        Matcher option = Pattern.compile("(?<![\\w-])(--[a-z][a-z-]+)").matcher(readme.substring(from, to));
        TreeSet<String> named = new TreeSet<>();
        while (option.find()) {
            named.add(option.group(1));
        }
        assertThat(named).contains("--source-uri", "--source-database", "--verify", "--dry-run", "--skip-snapshots");

        // When the command's help is printed
        CliRun help = CliRun.run(null, Map.of(), "migrate", "from-axon-mongo", "--help");

        // Then it lists each of them
        assertThat(help.exitCode()).isZero();
        for (String name : named) {
            assertThat(help.out()).as(name).contains(name);
        }
    }
}
