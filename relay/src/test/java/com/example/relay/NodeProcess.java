package com.example.relay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A node of a killed-node scenario: a {@code main} class of the test classpath in a JVM of its own, its output in a
 * file. The node prints {@code started} once it runs; it is ended with SIGKILL ({@link #kill()}) or ends itself with
 * {@code Runtime.halt} (see {@link #awaitExit()}), so no shutdown hook runs either way.
 */
final class NodeProcess {

    private final Process process;
    private final Path log;

    private NodeProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * @param main       the node's main class
     * @param properties system properties ({@code -Dname=value}) of the node's JVM
     * @param args       the main class's arguments
     */
    static NodeProcess start(Class<?> main, String nodeId, List<String> properties, String... args) {
        try {
            Path log = Files.createTempFile("cairn-" + nodeId + "-", ".log");
            String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                                                               .toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                                                           "-XX:+UseSerialGC"));
            command.addAll(properties);
            command.addAll(List.of("-cp", classPath, main.getName()));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            return new NodeProcess(builder.start(), log);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void awaitStarted() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try {
            while (System.nanoTime() < deadline) {
                if (Files.readAllLines(log, StandardCharsets.UTF_8).contains("started")) {
                    return;
                }
                if (!process.isAlive()) {
                    throw new AssertionError("node exited: " + Files.readString(log));
                }
                Thread.sleep(100);
            }
            throw new AssertionError("node did not start: " + Files.readString(log));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the node's exit code, once it ended by itself within 60 seconds */
    int awaitExit() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("node did not end: " + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return the file holding the node's output, named after the node */
    Path log() {
        return log;
    }

    /** @return what the node printed so far */
    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL: no shutdown hook runs, claims, consumers and Kafka transactions stay as the node left them. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
