package dev.cairn.cli.internal;

import dev.cairn.processing.NodeId;

/**
 * How the command line names itself in control documents ({@code by}): {@code cairn-cli host-pid-xxxx}.
 */
final class Nodes {

    private Nodes() {
    }

    static String self() {
        return NodeId.generateFor("cairn-cli").value();
    }
}
