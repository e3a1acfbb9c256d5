package dev.cairn.samples.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.cairn.projections.CairnProjections;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * {@code cairn demo}: runs the demo and prints its report; exits 0 when every invariant holds, 1 naming the first that
 * does not, 2 on a usage error.
 */
@Command(name = "cairn demo", mixinStandardHelpOptions = true,
        description = "Runs the orders and bank samples under concurrency and checks their invariants.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--orders", description = "orders to place (default: ${DEFAULT-VALUE})", defaultValue = "1000")
    int orders;

    @Option(names = "--clients", description = "concurrent clients (default: ${DEFAULT-VALUE})", defaultValue = "8")
    int clients;

    @Option(names = "--transfers", description = "bank transfers, each sent 3 times (default: ${DEFAULT-VALUE})",
            defaultValue = "200")
    int transfers;

    @Option(names = "--data", paramLabel = "DIR",
            description = "keep the embedded server's data in DIR, so a second run continues the first")
    Path data;

    @Option(names = "--mongo-uri", paramLabel = "URI", description = "run on this MongoDB instead of the embedded "
            + "server (default: $CAIRN_MONGO_URI)")
    String mongoUri;

    @Option(names = "--database", description = "database (default: ${DEFAULT-VALUE})", defaultValue = "cairn")
    String database;

    @Option(names = "--report", paramLabel = "FILE.html", description = "write a self-contained HTML report")
    Path report;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    private final UnaryOperator<CairnProjections.Builder> projections;

    public DemoCommand(PrintStream out, PrintStream err, boolean terminal) {
        this(out, err, terminal, Demo::sampleProjections);
    }

    /** With other projections than the samples' (a test runs a broken one). */
    DemoCommand(PrintStream out, PrintStream err, boolean terminal,
                UnaryOperator<CairnProjections.Builder> projections) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.projections = projections;
    }

    /** Runs {@code cairn demo ARGS}. @return the exit code */
    public static int run(PrintStream out, PrintStream err, boolean terminal, String... args) {
        return run(new DemoCommand(out, err, terminal), out, err, args);
    }

    static int run(DemoCommand command, PrintStream out, PrintStream err, String... args) {
        CommandLine line = new CommandLine(command);
        line.setOut(new java.io.PrintWriter(out, true));
        line.setErr(new java.io.PrintWriter(err, true));
        line.setParameterExceptionHandler((e, arguments) -> {
            err.println("cairn demo: " + e.getMessage() + " (see cairn demo --help)");
            return 2;
        });
        return line.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        String uri = mongoUri != null ? mongoUri : System.getenv("CAIRN_MONGO_URI");
        DemoOptions options;
        try {
            options = DemoOptions.defaults().withOrders(orders, clients).withTransfers(transfers)
                                 .withStorage(uri == null || uri.isBlank() ? null : uri, database, data)
                                 .withReport(report, json);
        } catch (IllegalArgumentException e) {
            err.println("cairn demo: " + e.getMessage());
            return 2;
        }
        DemoReport result = new Demo(options, projections, err, terminal).run();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
        } else {
            result.print(out);
        }
        if (report != null) {
            HtmlReport.write(result, report);
            err.println("report written to " + report.toAbsolutePath());
        }
        if (!result.broken().isEmpty()) {
            DemoReport.Invariant first = result.broken().get(0);
            err.println("cairn demo: invariant broken: " + first.name() + ": " + first.detail());
            return 1;
        }
        return 0;
    }
}
