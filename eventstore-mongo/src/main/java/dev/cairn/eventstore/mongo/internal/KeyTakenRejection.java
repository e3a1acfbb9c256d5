package dev.cairn.eventstore.mongo.internal;

import dev.cairn.eventstore.mongo.CommitKey;

/**
 * A commit was refused because another commit with the same claim of its idempotency key is stored (ADR 74): the
 * committer's own outcome for that member, never a lost claim or a concurrency conflict. Nothing of it was stored.
 */
public final class KeyTakenRejection extends RuntimeException {

    private final transient CommitKey landed;

    KeyTakenRejection(CommitKey landed) {
        super("idempotency claim [" + landed.claim() + "] of key [" + landed.key() + "] is stored by another commit",
              null, false, false);
        this.landed = landed;
    }

    /**
     * @return the key as the commit that landed stores it
     */
    public CommitKey landed() {
        return landed;
    }
}
