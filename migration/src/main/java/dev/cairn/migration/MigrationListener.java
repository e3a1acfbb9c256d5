package dev.cairn.migration;

/**
 * Told about progress after every batch; called on the migrating thread, so it should return quickly.
 */
@FunctionalInterface
public interface MigrationListener {

    /** A listener that ignores progress. */
    MigrationListener NONE = progress -> {
    };

    void progress(MigrationProgress progress);
}
