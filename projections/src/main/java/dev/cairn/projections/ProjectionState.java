package dev.cairn.projections;

/**
 * What a projection is doing, as far as its stored tokens and claims (and, in the process running it, its processor)
 * tell.
 */
public enum ProjectionState {
    /** A node holds a live claim on at least one segment and the projection is not replaying. */
    RUNNING,
    /**
     * A node holds a live claim, and at least one segment is replaying events it processed before a reset or an
     * in-place rebuild has not yet reached the head it recorded when it started ({@link ProjectionStatus#rebuild()}
     * says how far it is). With no live claim the state is {@link #STOPPED}, and {@code rebuild()} still shows the
     * unfinished rebuild.
     */
    REPLAYING,
    /**
     * An in-place rebuild stopped while it reset the tokens: the projection stays paused and its read model is
     * incomplete until a rebuild is started again, which resets it again.
     */
    INTERRUPTED,
    /** An operator paused it: every node running it has released its segments; its tokens are kept. */
    PAUSED,
    /** No node holds a live claim: nothing processes events (not started, stopped, or every node is gone). */
    STOPPED,
    /** The processor in this process reports an error on at least one segment and is retrying. */
    ERROR
}
