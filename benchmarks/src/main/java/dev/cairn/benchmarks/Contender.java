package dev.cairn.benchmarks;

/**
 * What a scenario measures side by side, in one process and on one embedded server.
 */
public enum Contender {

    /** Cairn's {@code MongoEventStorageEngine}, driven through Axon's API. */
    CAIRN("cairn"),
    /** The official MongoDB driver doing the same work directly: same documents, same thread count. */
    RAW("raw"),
    /** Axon's MongoDB extension 4.12 ({@code MongoEventStorageEngine}, document per event), through Axon's API. */
    AXON_MONGO("axon-mongo");

    private final String label;

    Contender(String label) {
        this.label = label;
    }

    /**
     * @return the name used in the table and the JSON report
     */
    public String label() {
        return label;
    }
}
