package dev.cairn.cli.internal;

import java.lang.management.ManagementFactory;

/**
 * How the command line names itself in control documents ({@code by}): {@code cairn-cli pid@host}.
 */
final class Nodes {

    private Nodes() {
    }

    static String self() {
        return "cairn-cli " + ManagementFactory.getRuntimeMXBean().getName();
    }
}
