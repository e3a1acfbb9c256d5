package dev.cairn.cli.internal;

import dev.cairn.cli.CliApplication;
import picocli.CommandLine;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.util.List;
import java.util.Map;

/**
 * Runs one command line: parses it with picocli, runs the command, prints a failure as one line on the error stream
 * ({@code cairn: ...}, scrubbed of secrets) and returns the exit code.
 */
public final class CliRunner {

    /** Environment variable that adds the stack trace to an unexpected failure's line (for bug reports). */
    public static final String STACK_TRACES = "CAIRN_CLI_STACK_TRACES";

    private CliRunner() {
    }

    /**
     * @param applications the applications whose projections the commands know (may be empty)
     * @param env          the environment ({@code CAIRN_MONGO_URI})
     */
    public static int run(List<CliApplication> applications, PrintStream out, PrintStream err,
                          Map<String, String> env, String... args) {
        return run(applications, Map.of(), out, err, env, args);
    }

    /**
     * @param ownCommands commands the embedding application's {@code main} runs itself before it calls the command
     *                    line (name to one-line description), listed in {@code --help} with the others
     */
    public static int run(List<CliApplication> applications, Map<String, String> ownCommands, PrintStream out,
                          PrintStream err, Map<String, String> env, String... args) {
        boolean terminal = out == System.out && System.console() != null;
        try (Session session = new Session(applications, out, err, env, terminal)) {
            RootCommand root = new RootCommand();
            CommandLine cli = new CommandLine(root, new Factory(session));
            ownCommands.forEach((name, description) -> cli.addSubcommand(name, ownCommand(name, description)));
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            cli.setParameterExceptionHandler((e, arguments) -> {
                String command = e.getCommandLine().getCommandSpec().qualifiedName();
                err.println("cairn: " + session.scrub(e.getMessage()) + " (see '" + command + " --help')");
                err.flush();
                return ExitCodes.USAGE;
            });
            cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                if (e instanceof CliException failure) {
                    err.println("cairn: " + session.scrub(failure.getMessage()));
                    err.flush();
                    return failure.exitCode();
                }
                err.println("cairn: " + session.scrub(describe(e)));
                if (env.containsKey(STACK_TRACES)) {
                    java.io.StringWriter trace = new java.io.StringWriter();
                    e.printStackTrace(new PrintWriter(trace));
                    err.print(session.scrub(trace.toString()));
                }
                err.flush();
                return ExitCodes.FAILURE;
            });
            return cli.execute(args);
        } catch (CliException e) {
            err.println("cairn: " + e.getMessage());
            return e.exitCode();
        }
    }

    /** A command the application runs itself: listed in the help; reaching it here means the application did not. */
    private static CommandLine.Model.CommandSpec ownCommand(String name, String description) {
        CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.wrapWithoutInspection(
                (Runnable) () -> {
                    throw CliException.usage("Command [" + name + "] is run by the application's own main, not by "
                                                     + "the command line");
                });
        spec.usageMessage().description(description);
        return spec;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getName()
                : e instanceof RuntimeException && e.getClass().getName().startsWith("dev.cairn.") ? message
                : e.getClass().getSimpleName() + ": " + message;
    }

    /** Creates commands with the session when they take one. */
    private record Factory(Session session) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                Constructor<K> constructor = type.getDeclaredConstructor(Session.class);
                constructor.setAccessible(true);
                return constructor.newInstance(session);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
