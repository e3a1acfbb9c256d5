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
 * Follows the README's "Your first application" word for word, step by step: copies each step's files into a project
 * folder (a later step's file replaces an earlier one's) and runs the step's commands, with Maven offline, against the
 * artifacts this build just made (never against a stale install).
 */
class FirstApplicationTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String SECTION = "## Your first application";
    private static final Pattern FILE = Pattern.compile("(?m)^`([\\w/.-]+\\.(?:xml|java))`");
    private static final Pattern BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern WORD = Pattern.compile("(?:[^\\s\"]|\"[^\"]*\")+");
    private static final List<String> CAIRN_MODULES = List.of("embedded-mongo", "eventstore-mongo", "processing", "aggregates",
                                                              "projections", "sagas", "cli", "testing",
                                                              "snapshotter", "migration", "spring-boot-autoconfigure",
                                                              "spring-boot-starter", "tenants", "relay");

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
    void stepOneBuildsRunsAndReturnsAsSoonAsMainDoes() throws Exception {
        // Given step 1's files in an empty project folder
        Map<String, String> files = files(step(1));
        assertThat(files.keySet()).containsExactly("pom.xml",
                                                   "src/main/java/com/example/bank/Bank.java",
                                                   "src/main/java/com/example/bank/Account.java",
                                                   "src/main/java/com/example/bank/BankApp.java");
        Path project = project(files);
        List<List<String>> commands = commands(step(1));
        assertThat(commands).hasSize(1);

        // When the README's command runs there
        Path output = work.resolve("output.log");
        Process process = maven(new ProcessBuilder(commands.get(0))).directory(project.toFile())
                                                                    .redirectErrorStream(true)
                                                                    .redirectOutput(output.toFile()).start();
        long printedAt = awaitLine(process, output, "Balance of account-1: 150", Duration.ofMinutes(3));
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        long exitedAt = System.nanoTime();

        // Then it succeeds, prints the balance and nothing of the embedded server, and does not keep the user waiting
        String log = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(exited).as("Maven exited; its output:%n%s", log).isTrue();
        assertThat(process.exitValue()).as("exit code; output:%n%s", log).isZero();
        assertThat(log).doesNotContain("de.bwaldvogel").doesNotContain("ERROR");
        assertThat(Duration.ofNanos(exitedAt - printedAt)).as(log).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void stepTwoRunsItsTestsAndReadsItsOwnWrites() throws Exception {
        // Given step 1's project with step 2's files
        Map<String, String> files = files(step(1), step(2));
        assertThat(files.keySet()).contains("src/main/java/com/example/bank/Balances.java",
                                            "src/test/java/com/example/bank/AccountTest.java",
                                            "src/test/java/com/example/bank/BalancesTest.java");
        // whose JUnit and AssertJ are the versions Cairn is built and tested with, as the README says
        String pom = files.get("pom.xml");
        assertThat(pom).contains("<artifactId>junit-bom</artifactId>\n                <version>"
                                         + System.getProperty("cairn.junitVersion") + "</version>")
                       .contains("<artifactId>assertj-core</artifactId>\n            <version>"
                                         + System.getProperty("cairn.assertjVersion") + "</version>");
        Path project = project(files);
        List<List<String>> commands = commands(step(2));
        assertThat(commands).hasSize(1);

        // When the README's command runs there
        String log = run(project, commands.get(0));

        // Then both test classes ran and passed, and the application read the deposits from its read model
        assertThat(log).contains("Read model: balance of account-1 is 150")
                       .doesNotContain("org.mongodb.driver").doesNotContain("de.bwaldvogel");
        assertThat(testReport(project, "com.example.bank.AccountTest")).as(log)
                .contains("tests=\"2\"").contains("failures=\"0\"").contains("errors=\"0\"")
                .contains("skipped=\"0\"");
        assertThat(testReport(project, "com.example.bank.BalancesTest")).as(log)
                .contains("tests=\"1\"").contains("failures=\"0\"").contains("errors=\"0\"")
                .contains("skipped=\"0\"");
    }

    @Test
    void stepThreeKeepsTheDataBetweenRunsAndTheCommandLineSeesIt() throws Exception {
        // Given the project of steps 1, 2 and 3
        Map<String, String> files = files(step(1), step(2), step(3));
        assertThat(files).containsKey("src/main/java/com/example/bank/BankCli.java");
        Path project = project(files);
        List<List<String>> commands = commands(step(3));
        assertThat(commands).hasSize(3);

        // When the README's three commands run there, one after the other
        String first = run(project, commands.get(0));
        String second = run(project, commands.get(1));
        String status = run(project, commands.get(2));

        // Then the second run continued from the first one's data, and the command line shows the projection
        assertThat(first).contains("Balance of account-1: 100");
        assertThat(second).contains("Balance of account-1: 200");
        assertThat(Files.exists(project.resolve("data").resolve("cairn.mv"))).isTrue();
        assertThat(status.lines().filter(line -> line.startsWith("balances ")))
                .as(status).singleElement().asString().contains("STOPPED");
    }

    private static String step(int number) throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int section = readme.indexOf(SECTION);
        assertThat(section).as("README section '%s'", SECTION).isNotNegative();
        int sectionEnd = readme.indexOf("\n## ", section + 1);
        String text = readme.substring(section, sectionEnd < 0 ? readme.length() : sectionEnd);
        int from = text.indexOf("\n### Step " + number + ":");
        assertThat(from).as("README '%s', step %d", SECTION, number).isNotNegative();
        int to = text.indexOf("\n### ", from + 1);
        return text.substring(from, to < 0 ? text.length() : to);
    }

    /**
     * @return each file the steps name (a line starting with its path in backticks) and the code block after it; a
     * later step's file replaces an earlier one's
     */
    private static Map<String, String> files(String... steps) {
        Map<String, String> files = new LinkedHashMap<>();
        for (String step : steps) {
            Matcher file = FILE.matcher(step);
            while (file.find()) {
                Matcher block = BLOCK.matcher(step);
                assertThat(block.find(file.end())).as("a code block after %s", file.group(1)).isTrue();
                files.put(file.group(1), block.group(2));
            }
        }
        return files;
    }

    private Path project(Map<String, String> files) throws IOException {
        Path project = work.resolve("bank");
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path target = project.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue());
        }
        return project;
    }

    /**
     * @return the step's commands (the lines of its bash block), each as the Maven command to run offline against a
     * local repository holding this build's Cairn artifacts
     */
    private List<List<String>> commands(String step) throws IOException {
        Matcher block = BLOCK.matcher(step);
        String script = null;
        while (script == null && block.find()) {
            if (block.group(1).equals("bash")) {
                script = block.group(2);
            }
        }
        assertThat(script).as("the step shows its commands").isNotNull();
        Path repository = repositoryWithThisBuild(work.resolve("repository"));
        List<List<String>> commands = new ArrayList<>();
        for (String line : script.strip().split("\n")) {
            List<String> words = new ArrayList<>();
            Matcher word = WORD.matcher(line.strip());
            while (word.find()) {
                words.add(word.group().replace("\"", ""));
            }
            commands.add(mavenCommand(words, repository));
        }
        return commands;
    }

    private static List<String> mavenCommand(List<String> readmeCommand, Path repository) {
        List<String> words = new ArrayList<>(readmeCommand);
        assertThat(words.get(0)).isEqualTo("mvn");
        String mavenHome = System.getProperty("cairn.mavenHome");
        words.set(0, mavenHome != null ? Path.of(mavenHome, "bin", "mvn").toString() : "mvn");
        words.addAll(1, List.of("-o", "-B", "-Dmaven.repo.local=" + repository));
        return words;
    }

    /**
     * @return the command's output, once it has exited with code 0
     */
    private String run(Path project, List<String> command) throws Exception {
        Path output = Files.createTempFile(work, "output", ".log");
        Process process = maven(new ProcessBuilder(command)).directory(project.toFile()).redirectErrorStream(true)
                                                            .redirectOutput(output.toFile()).start();
        boolean exited = process.waitFor(3, TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly();
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(exited).as("%s exited; its output:%n%s", command, log).isTrue();
        assertThat(process.exitValue()).as("exit code of %s; output:%n%s", command, log).isZero();
        assertThat(log).as(log).doesNotContain("ERROR");
        return log;
    }

    /**
     * @return {@code builder} with Maven's own JVM told to start fast (the client compiler only, the serial
     * collector): these short builds spend most of their time warming up; the README's command stays as it is
     */
    private static ProcessBuilder maven(ProcessBuilder builder) {
        String options = builder.environment().getOrDefault("MAVEN_OPTS", "");
        builder.environment().put("MAVEN_OPTS", (options + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC").strip());
        return builder;
    }

    private static String testReport(Path project, String testClass) throws IOException {
        Path report = project.resolve("target/surefire-reports/TEST-" + testClass + ".xml");
        assertThat(report).as("the report of %s", testClass).exists();
        String xml = Files.readString(report);
        return xml.substring(0, xml.indexOf('>', xml.indexOf("<testsuite")) + 1);
    }

    /**
     * Links every group of the user's local repository into a new one, except Cairn's, which is filled from this
     * build's own poms and jars.
     */
    private static Path repositoryWithThisBuild(Path repository) throws IOException {
        if (Files.isDirectory(repository)) {
            return repository;
        }
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
        for (String module : CAIRN_MODULES) {
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
