package dev.cairn.gettingstarted;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Follows the README's "Your first application" word for word: copies its files into an empty folder and runs its
 * command, with Maven offline, against the artifacts this build just made (never against a stale install).
 */
class FirstApplicationTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String SECTION = "## Your first application";
    private static final Pattern FILE = Pattern.compile("(?m)^`([\\w/.-]+\\.(?:xml|java))`");
    private static final Pattern BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);
    private static final String EXPECTED_OUTPUT = "Balance of account-1: 150";

    private Path work;

    @BeforeEach
    void createWorkFolder() throws IOException {
        work = Files.createTempDirectory("cairn-first-application");
    }

    @AfterEach
    void deleteWorkFolder() throws IOException {
        // Files.walk does not follow the repository's symbolic links, so only the links themselves are deleted
        try (Stream<Path> paths = Files.walk(work)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Test
    void theReadmeProjectBuildsRunsAndReturnsAsSoonAsMainDoes() throws Exception {
        // Given the README's files in an empty project folder
        String section = section(Files.readString(ROOT.resolve("README.md")));
        Map<String, String> files = files(section);
        assertThat(files.keySet()).containsExactly("pom.xml",
                                                   "src/main/java/com/example/bank/Bank.java",
                                                   "src/main/java/com/example/bank/Account.java",
                                                   "src/main/java/com/example/bank/BankApp.java");
        Path project = work.resolve("bank");
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path target = project.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue());
        }
        // and a local repository holding this build's Cairn artifacts next to everything else already resolved
        Path repository = repositoryWithThisBuild(work.resolve("repository"));

        // When the README's command runs there
        List<String> command = mavenCommand(runCommand(section), repository);
        Path output = work.resolve("output.log");
        Process process = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                                                     .redirectOutput(output.toFile()).start();
        long printedAt = awaitLine(process, output, EXPECTED_OUTPUT, Duration.ofMinutes(3));
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        long exitedAt = System.nanoTime();

        // Then it succeeds, prints the balance and nothing of the embedded server, and does not keep the user waiting
        String log = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(exited).as("Maven exited; its output:%n%s", log).isTrue();
        assertThat(process.exitValue()).as("exit code; output:%n%s", log).isZero();
        assertThat(log).contains(EXPECTED_OUTPUT).doesNotContain("de.bwaldvogel").doesNotContain("ERROR");
        assertThat(Duration.ofNanos(exitedAt - printedAt)).as(log).isLessThan(Duration.ofSeconds(5));
    }

    private static String section(String readme) {
        int from = readme.indexOf(SECTION);
        assertThat(from).as("README section '%s'", SECTION).isNotNegative();
        int to = readme.indexOf("\n## ", from + 1);
        return readme.substring(from, to < 0 ? readme.length() : to);
    }

    /**
     * @return each file the section names (a line starting with its path in backticks) and the code block after it
     */
    private static Map<String, String> files(String section) {
        Map<String, String> files = new LinkedHashMap<>();
        Matcher file = FILE.matcher(section);
        while (file.find()) {
            Matcher block = BLOCK.matcher(section);
            assertThat(block.find(file.end())).as("a code block after %s", file.group(1)).isTrue();
            files.put(file.group(1), block.group(2));
        }
        return files;
    }

    private static String runCommand(String section) {
        Matcher block = BLOCK.matcher(section);
        while (block.find()) {
            if (block.group(1).equals("bash")) {
                return block.group(2).strip();
            }
        }
        throw new AssertionError("The section shows no command to run");
    }

    private static List<String> mavenCommand(String readmeCommand, Path repository) {
        List<String> words = new ArrayList<>(List.of(readmeCommand.split("\\s+")));
        assertThat(words.get(0)).isEqualTo("mvn");
        String mavenHome = System.getProperty("cairn.mavenHome");
        words.set(0, mavenHome != null ? Path.of(mavenHome, "bin", "mvn").toString() : "mvn");
        words.addAll(1, List.of("-o", "-B", "-Dmaven.repo.local=" + repository));
        return words;
    }

    /**
     * Links every group of the user's local repository into a new one, except Cairn's, which is filled from this
     * build's own poms and jars.
     */
    private static Path repositoryWithThisBuild(Path repository) throws IOException {
        Path local = Path.of(System.getProperty("cairn.localRepository",
                                                System.getProperty("user.home") + "/.m2/repository"));
        String version = System.getProperty("cairn.version");
        assertThat(version).as("cairn.version (set by the module's surefire configuration)").isNotNull();
        Files.createDirectories(repository.resolve("dev"));
        try (Stream<Path> groups = Files.list(local)) {
            for (Path group : groups.filter(g -> !g.getFileName().toString().equals("dev")).toList()) {
                Files.createSymbolicLink(repository.resolve(group.getFileName().toString()), group);
            }
        }
        if (Files.isDirectory(local.resolve("dev"))) {
            try (Stream<Path> groups = Files.list(local.resolve("dev"))) {
                for (Path group : groups.filter(g -> !g.getFileName().toString().equals("cairn")).toList()) {
                    Files.createSymbolicLink(repository.resolve("dev").resolve(group.getFileName().toString()),
                                             group);
                }
            }
        }
        put(repository, "cairn-parent", version, ROOT.resolve("pom.xml"), null);
        put(repository, "cairn-bom", version, ROOT.resolve("bom/pom.xml"), null);
        for (String module : List.of("embedded-mongo", "eventstore-mongo", "aggregates", "testing", "snapshotter")) {
            String artifact = "cairn-" + module;
            Path jar = ROOT.resolve(module).resolve("target").resolve(artifact + "-" + version + ".jar");
            assertThat(jar).as("this build's %s jar (run the README's test command, which packages it)", artifact)
                           .exists();
            put(repository, artifact, version, ROOT.resolve(module).resolve("pom.xml"), jar);
        }
        return repository;
    }

    private static void put(Path repository, String artifact, String version, Path pom, Path jar)
            throws IOException {
        Path folder = repository.resolve("dev").resolve("cairn").resolve(artifact).resolve(version);
        Files.createDirectories(folder);
        Files.copy(pom, folder.resolve(artifact + "-" + version + ".pom"));
        if (jar != null) {
            Files.copy(jar, folder.resolve(artifact + "-" + version + ".jar"));
        }
    }

    private static long awaitLine(Process process, Path output, String line, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(output, StandardCharsets.UTF_8).contains(line)) {
                return System.nanoTime();
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(20);
        }
        process.destroyForcibly();
        throw new AssertionError("The README's application never printed [" + line + "]:\n"
                                         + Files.readString(output, StandardCharsets.UTF_8));
    }
}
