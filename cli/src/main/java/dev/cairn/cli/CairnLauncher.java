package dev.cairn.cli;

import dev.cairn.cli.internal.CliRunner;
import dev.cairn.cli.internal.QuietCliLogging;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The standalone {@code cairn} command line (what {@code ./cairn} in the repository root runs where the samples module,
 * whose launcher it runs otherwise, is absent): finds the
 * {@link CliApplication}s on its class path through {@link ServiceLoader} and runs {@link CairnCli}'s commands with
 * them. With none found, storage-only commands still work (projections are known from their stored tokens); commands
 * that need a projection's handlers (rebuild, reset, clean, dead-letter retry) exit with {@value CairnCli#USAGE},
 * naming the missing provider.
 * <p>
 * Logging is quiet: only warnings and errors, on standard error (with {@code slf4j-simple}; a level set through
 * system properties or {@code simplelogger.properties} wins).
 */
public final class CairnLauncher {

    private CairnLauncher() {
    }

    public static void main(String[] args) {
        QuietCliLogging.apply();
        List<CliApplication> applications = new ArrayList<>();
        ServiceLoader.load(CliApplication.class).forEach(applications::add);
        int code = CliRunner.run(applications, System.out, System.err, System.getenv(), args);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }
}
