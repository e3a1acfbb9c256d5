package dev.cairn.migration;

/**
 * How the Mongo extension stored its events.
 */
public enum SourceStrategy {
    /** The extension's default: one document per event ({@code DocumentPerEventStorageStrategy}). */
    DOCUMENT_PER_EVENT,
    /** One document per commit with the events nested ({@code DocumentPerCommitStorageStrategy}). */
    DOCUMENT_PER_COMMIT
}
