package dev.cairn.processing;

/**
 * Where a projection starts reading the first time it runs (when it has no tokens yet).
 */
public enum InitialPosition {
    /** From the first event ever stored: the read model is built from the whole history. */
    TAIL,
    /** From the events stored after it starts: history is not read. */
    HEAD
}
