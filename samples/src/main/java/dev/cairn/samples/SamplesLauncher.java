package dev.cairn.samples;

import dev.cairn.cli.CairnCli;
import dev.cairn.samples.demo.DemoCommand;

import java.util.Map;

/**
 * {@code ./cairn}: {@code cairn demo ...} runs the demo; any other command is the {@code cairn} command line with the
 * samples' projections ({@code cairn projections status --data DIR} shows the demo's data).
 */
public final class SamplesLauncher {

    private SamplesLauncher() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        if (args.length > 0 && "demo".equals(args[0])) {
            String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
            try {
                return DemoCommand.run(System.out, System.err, System.console() != null, rest);
            } catch (RuntimeException e) {
                System.err.println("cairn demo: " + e.getMessage());
                return 1;
            }
        }
        return CairnCli.run(new SamplesCli(), Map.of("demo", "Runs the orders and bank samples under concurrency "
                + "and checks their invariants (cairn demo --help)."), args);
    }
}
