package dev.cairn.processing;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The name a process gives itself in the documents it claims or decides: token claims, dead-letter sequence claims,
 * deadline claims, an operator's pause. Every component of Cairn that needs one builds it here, so an operator reading
 * an {@code owner} or {@code by} field sees the same shape everywhere.
 * <p>
 * A generated id is {@code host-pid-xxxx}: the host and process say where to look, and the random suffix keeps two
 * components in one process (two applications, a test's nodes) from sharing claims.
 *
 * @param value the id as stored; never blank
 */
public record NodeId(String value) {

    /** The longest id accepted: ids are stored in many documents and shown in every status line. */
    public static final int MAX_LENGTH = 200;

    public NodeId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("A node id may not be blank");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("A node id may have at most " + MAX_LENGTH + " characters: [" + value
                                                       + "]");
        }
    }

    /** @return the node id {@code value}, as set by an application that names its nodes itself */
    public static NodeId of(String value) {
        return new NodeId(value);
    }

    /** @return a new id {@code host-pid-xxxx} for this process, different on each call */
    public static NodeId generate() {
        String suffix = Integer.toHexString(0x10000 | ThreadLocalRandom.current().nextInt(0x10000)).substring(1);
        return new NodeId(host() + "-" + ProcessHandle.current().pid() + "-" + suffix);
    }

    /**
     * @param tool what the process is, e.g. {@code cairn-cli}
     * @return a new id {@code tool host-pid-xxxx}, for a tool that acts beside the application's nodes
     */
    public static NodeId generateFor(String tool) {
        if (tool == null || tool.isBlank()) {
            throw new IllegalArgumentException("The tool naming a node id may not be blank");
        }
        return new NodeId(tool + " " + generate().value());
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            // the runtime's name is pid@host, the best a machine without a resolvable name offers
            String runtime = ManagementFactory.getRuntimeMXBean().getName();
            return runtime.substring(runtime.indexOf('@') + 1);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
