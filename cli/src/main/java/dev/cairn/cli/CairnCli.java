package dev.cairn.cli;

import dev.cairn.cli.internal.CliRunner;
import dev.cairn.cli.internal.ExitCodes;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code cairn} command line, for an application to embed in its own {@code main}, so that it knows the
 * application's projections:
 * <pre>{@code
 * public static void main(String[] args) {
 *     System.exit(CairnCli.run(new BankCli(), args));
 * }
 * }</pre>
 * Commands (each with {@code --help}):
 * <ul>
 *     <li>{@code projections list}, {@code projections status [NAME] [--watch]}</li>
 *     <li>{@code projections rebuild NAME [--blue-green] [--batch-size N]}, {@code projections reset NAME},
 *     {@code projections pause NAME}, {@code projections resume NAME}, {@code projections clean NAME}</li>
 *     <li>{@code dead-letters list NAME}, {@code dead-letters retry NAME [--all]},
 *     {@code dead-letters evict NAME (EVENT_ID... | --all)}</li>
 *     <li>{@code events stats}, {@code events tail [--from POSITION]}</li>
 *     <li>{@code tenants list}, {@code tenants add ID [--tenant-database DB] [--tenant-uri URI]},
 *     {@code tenants remove ID}: the registry of tenants in the directory database ({@code --database})</li>
 * </ul>
 * Global options: {@code --mongo-uri URI} (or the environment variable {@code CAIRN_MONGO_URI}), {@code --database}
 * (default: the database the URI names, else {@value dev.cairn.cli.internal.Connection#DEFAULT_DATABASE}), {@code --data DIR} (the embedded server's
 * data folder, used when no MongoDB is named; its file is {@code DIR/}{@value dev.cairn.cli.internal.Connection#DATA_FILE}),
 * {@code --tenant ID} (run the command on that tenant's store, as the registry in {@code --database} lists it),
 * {@code --json} (one documented JSON schema per command, see the module's README).
 * <p>
 * Exit codes: {@value #OK} success, {@value #FAILURE} failure (a server that cannot be reached, a rebuild that failed
 * or was refused), {@value #USAGE} usage error (one readable line: an unknown option or projection, a bad URI).
 * Passwords of connection strings never appear in output or errors.
 */
public final class CairnCli {

    /** Exit code of a command that did what it was asked. */
    public static final int OK = ExitCodes.OK;
    /** Exit code of a command that could not do it (unreachable server, failed or refused rebuild...). */
    public static final int FAILURE = ExitCodes.FAILURE;
    /** Exit code of a command line that cannot be run as written (unknown option or projection, bad URI...). */
    public static final int USAGE = ExitCodes.USAGE;

    private CairnCli() {
    }

    /**
     * Runs one command with the application's projections, writing to {@code System.out} and {@code System.err}.
     *
     * @param app  the application; {@code null} for storage-only use (projections known from their stored tokens)
     * @param args the command line, e.g. {@code "projections", "status", "--json"}
     * @return the exit code: {@value #OK}, {@value #FAILURE} or {@value #USAGE}
     */
    public static int run(CliApplication app, String... args) {
        return run(app, System.out, System.err, args);
    }

    /**
     * As {@link #run(CliApplication, String...)}, writing results to {@code out} and progress, warnings and errors to
     * {@code err}. Output streams are taken for a terminal only when they are {@code System.out}/{@code System.err}
     * and the process has a console.
     */
    public static int run(CliApplication app, PrintStream out, PrintStream err, String... args) {
        return CliRunner.run(app == null ? List.of() : List.of(app), out, err, System.getenv(), args);
    }

    /**
     * As {@link #run(CliApplication, String...)}, for a {@code main} that runs commands of its own besides the command
     * line's (it looks at the first argument before calling this method): they are listed in {@code --help} with the
     * others, e.g. {@code Map.of("demo", "Runs the demo.")}.
     *
     * @param ownCommands the names and one-line descriptions of the commands the caller runs itself, in the order to
     *                    list them
     */
    public static int run(CliApplication app, Map<String, String> ownCommands, String... args) {
        return CliRunner.run(app == null ? List.of() : List.of(app), new LinkedHashMap<>(ownCommands), System.out,
                             System.err, System.getenv(), args);
    }
}
