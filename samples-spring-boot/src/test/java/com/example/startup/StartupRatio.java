package com.example.startup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The start-up benchmark of the Spring Boot sample: the time from launching a JVM to the application being ready
 * (Boot's {@code Started <application> in} line, which {@code SpringApplication} logs just before publishing
 * {@code ApplicationReadyEvent}; neither application has runners in between), for the sample on Cairn (embedded server) and for its twin on plain Axon with JPA on
 * H2 ({@code com.example.jpashop}), each in a child JVM of its own class path, runs interleaved (alternating which
 * goes first); it prints both medians and their ratio (Cairn / JPA).
 * <p>
 * The class paths are written at build time by {@code maven-dependency-plugin:build-classpath} into
 * {@code target/startup/}: the sample's runtime dependencies, and the test dependencies without Cairn, MongoDB's
 * driver and the in-process server for the twin, so Cairn's auto-configuration is absent there rather than switched
 * off. Run (after {@code mvn -pl samples-spring-boot -am verify} or {@code test-compile}):
 * <pre>{@code java -cp samples-spring-boot/target/test-classes com.example.startup.StartupRatio [runs] [target dir]}</pre>
 * Runs default to {@value #DEFAULT_RUNS}; the target directory to {@code samples-spring-boot/target}, else
 * {@code target}.
 */
public final class StartupRatio {

    static final int DEFAULT_RUNS = 5;
    private static final Duration START_LIMIT = Duration.ofMinutes(2);
    private static final int TAIL_LINES = 30;

    private StartupRatio() {
    }

    /** One application to launch: its name, class path and main class. */
    record App(String name, String classPath, String mainClass) {

        /** @return the start of the line Boot logs once the application started */
        String readyLine() {
            return "Started " + mainClass.substring(mainClass.lastIndexOf('.') + 1) + " in ";
        }
    }

    /** The measured start-up times of both applications, in launch order per application. */
    record Result(List<Duration> cairn, List<Duration> jpa) {

        Duration cairnMedian() {
            return median(cairn);
        }

        Duration jpaMedian() {
            return median(jpa);
        }

        double ratio() {
            return (double) cairnMedian().toNanos() / jpaMedian().toNanos();
        }
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_RUNS;
        Path target = args.length > 1 ? Path.of(args[1]) : defaultTarget();
        Result result = measure(target, runs);
        System.out.printf("start-up to ready (Boot's started line), %d runs each (ms): cairn %s, jpa %s%n", runs,
                          millis(result.cairn()), millis(result.jpa()));
        System.out.printf("median cairn %d ms, median jpa %d ms, ratio cairn/jpa %.2f%n",
                          result.cairnMedian().toMillis(), result.jpaMedian().toMillis(), result.ratio());
    }

    /**
     * Launches each application {@code runs} times, interleaved.
     *
     * @param target the sample's build directory ({@code classes}, {@code test-classes}, {@code startup/})
     * @param runs   how many starts of each application, at least 1
     * @return the measured times
     */
    static Result measure(Path target, int runs) throws IOException, InterruptedException {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1, was " + runs);
        }
        String sep = System.getProperty("path.separator");
        String testClasses = target.resolve("test-classes").toAbsolutePath().toString();
        App cairn = new App("cairn", target.resolve("classes").toAbsolutePath() + sep + testClasses + sep
                                     + classPath(target, "cairn.classpath"), "com.example.shop.ShopApplication");
        App jpa = new App("jpa", testClasses + sep + classPath(target, "jpa.classpath"),
                          "com.example.jpashop.JpaShopApplication");
        List<Duration> cairnTimes = new ArrayList<>();
        List<Duration> jpaTimes = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            // alternate the order so neither profits from the other's warmed file cache
            if (run % 2 == 0) {
                cairnTimes.add(start(cairn));
                jpaTimes.add(start(jpa));
            } else {
                jpaTimes.add(start(jpa));
                cairnTimes.add(start(cairn));
            }
        }
        return new Result(cairnTimes, jpaTimes);
    }

    private static Duration start(App app) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", app.classPath(), app.mainClass(), "--server.port=0")
                .redirectErrorStream(true);
        long started = System.nanoTime();
        Process process = builder.start();
        Deque<String> tail = new ArrayDeque<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.contains(app.readyLine())) {
                    return Duration.ofNanos(System.nanoTime() - started);
                }
                if (tail.size() == TAIL_LINES) {
                    tail.removeFirst();
                }
                tail.addLast(line);
                if (System.nanoTime() - started > START_LIMIT.toNanos()) {
                    break;
                }
            }
            throw new IllegalStateException("The " + app.name() + " application (" + app.mainClass()
                                            + ") did not log that it started; its last output:\n"
                                            + String.join("\n", tail));
        } finally {
            // the measurement ends at the started line: a graceful shutdown would only add time between the runs
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String classPath(Path target, String file) throws IOException {
        Path path = target.resolve("startup").resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("No class path file " + path.toAbsolutePath()
                                            + "; build the sample first (mvn -pl samples-spring-boot -am verify)");
        }
        return Files.readString(path).strip();
    }

    private static Path defaultTarget() {
        Path fromRoot = Path.of("samples-spring-boot", "target");
        return Files.isDirectory(fromRoot) ? fromRoot : Path.of("target");
    }

    static Duration median(List<Duration> times) {
        List<Duration> sorted = times.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : sorted.get(middle - 1).plus(sorted.get(middle)).dividedBy(2);
    }

    private static List<Long> millis(List<Duration> times) {
        return times.stream().map(Duration::toMillis).toList();
    }
}
