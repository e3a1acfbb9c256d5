package dev.cairn.cli.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The standalone launcher ({@code dev.cairn.cli.CairnLauncher}) as a separate process, on this test JVM's class path
 * (the module's classes, its dependencies, and the test application registered through {@code META-INF/services}).
 */
public final class Launcher {

    private final Process process;
    private final Collected out;
    private final Collected err;

    private Launcher(Process process) {
        this.process = process;
        this.out = new Collected(process.getInputStream());
        this.err = new Collected(process.getErrorStream());
    }

    /** Starts {@code java -cp ... dev.cairn.cli.CairnLauncher args}, without CAIRN_MONGO_URI in its environment. */
    public static Launcher start(String... args) throws IOException {
        return command(javaCommand(args));
    }

    /** Starts {@code command} (e.g. {@code script} running {@link #javaCommand} on a pseudo-terminal). */
    public static Launcher command(List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("CAIRN_MONGO_URI");
        builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        Process process = builder.start();
        process.getOutputStream().close();
        return new Launcher(process);
    }

    /** @return {@code java -cp <class path> dev.cairn.cli.CairnLauncher args} */
    public static List<String> javaCommand(String... args) {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-cp", classPath, "dev.cairn.cli.CairnLauncher"));
        command.addAll(List.of(args));
        return command;
    }

    /** Waits for the process to exit, at most {@code timeout} (then kills it and fails). */
    public int exitCode(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("The launcher did not exit within " + timeout + "\n--- out\n" + out() + "--- err\n"
                                             + err());
        }
        out.thread.join(5_000);
        err.thread.join(5_000);
        return process.exitValue();
    }

    /** Sends SIGINT, as Ctrl-C on a terminal does. */
    public void interrupt() throws IOException, InterruptedException {
        // the shell's builtin kill: no procps needed
        Process kill = new ProcessBuilder("sh", "-c", "kill -INT " + process.pid()).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -INT " + process.pid() + " failed");
        }
    }

    /** Waits until the error stream contains {@code text}, at most {@code timeout}. */
    public boolean awaitErr(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (err().contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                return err().contains(text);
            }
            Thread.sleep(20);
        }
        return false;
    }

    public String out() {
        return out.text();
    }

    public String err() {
        return err.text();
    }

    @Override
    public String toString() {
        return "--- out\n" + out() + "--- err\n" + err();
    }

    /** Reads a stream to the end on its own thread. */
    private static final class Collected {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Thread thread;

        Collected(InputStream in) {
            thread = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try (in) {
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        synchronized (bytes) {
                            bytes.write(buffer, 0, n);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, "launcher-output");
            thread.setDaemon(true);
            thread.start();
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
