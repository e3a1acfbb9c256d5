package dev.cairn.projections;

import java.time.Instant;
import java.util.Map;

/**
 * An in-place rebuild did not start because other nodes still held the projection's segments after it was paused
 * (a node that does not follow the pause, or one that is stuck). Nothing was reset; the projection runs on. Or a
 * rebuild (either mode) did not start because another rebuild of the projection is under way (ADR 43).
 */
public class RebuildRefusedException extends IllegalStateException {

    private final transient Map<String, Instant> holders;

    public RebuildRefusedException(String projection, Map<String, Instant> holders) {
        super("Projection [" + projection + "] was not rebuilt: other nodes still hold its segments "
                      + describe(holders) + "; stop them or wait for their claims to expire, then try again");
        this.holders = Map.copyOf(holders);
    }

    /**
     * A rebuild refused because another rebuild of the projection is under way (ADR 43).
     *
     * @param message names the projection and the rebuild under way
     */
    public RebuildRefusedException(String projection, String message) {
        super(message);
        this.holders = Map.of();
    }

    /** @return each node still holding a segment, with the latest expiry of its claims */
    public Map<String, Instant> holders() {
        return holders;
    }

    private static String describe(Map<String, Instant> holders) {
        StringBuilder text = new StringBuilder();
        holders.forEach((node, expiry) -> text.append(text.isEmpty() ? "" : ", ")
                                              .append(node).append(" (claim expires ").append(expiry).append(')'));
        return text.toString();
    }
}
