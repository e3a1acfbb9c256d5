package dev.cairn.migration;

/**
 * The migration will not write to this target: it holds events another writer stored (not an earlier run of this
 * migration), or an earlier run migrated another source into it. Nothing was written.
 */
public class MigrationRefusedException extends RuntimeException {

    public MigrationRefusedException(String message) {
        super(message);
    }
}
