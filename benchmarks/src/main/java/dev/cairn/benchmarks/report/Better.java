package dev.cairn.benchmarks.report;

/**
 * Which way a figure improves; ratios are always Cairn's figure divided by the baseline's.
 */
public enum Better {
    HIGHER("↑"), LOWER("↓");

    private final String arrow;

    Better(String arrow) {
        this.arrow = arrow;
    }

    public String arrow() {
        return arrow;
    }
}
