package dev.cairn.benchmarks.report;

/**
 * A goal for one figure: Cairn's value compared with a bound, or with a baseline times a factor.
 *
 * @param description human-readable, e.g. {@code ">= 1.0x raw"}
 * @param reference   what the bound applies to
 * @param bound       the bound (an absolute value, or a factor of the baseline)
 * @param better      whether Cairn must be at least ({@link Better#HIGHER}) or at most ({@link Better#LOWER}) it
 */
public record Target(String description, Reference reference, double bound, Better better) {

    /** What a target's bound is applied to. */
    public enum Reference { ABSOLUTE, RAW, AXON_MONGO }

    public Target {
        if (description == null || description.isBlank() || reference == null || better == null) {
            throw new IllegalArgumentException("Target needs a description, a reference and a direction");
        }
    }

    public static Target atLeast(double factor, Reference reference) {
        return new Target(">= " + factor + "x " + name(reference), reference, factor, Better.HIGHER);
    }

    public static Target atMost(double bound, Reference reference, String unit) {
        String what = reference == Reference.ABSOLUTE ? unit : "x " + name(reference);
        return new Target("<= " + format(bound) + " " + what, reference, bound, Better.LOWER);
    }

    /**
     * A target that is met when Cairn's run finished (value 1) and missed otherwise.
     */
    public static Target completes() {
        return new Target("completes", Reference.ABSOLUTE, 1, Better.HIGHER);
    }

    /**
     * @return Cairn's value divided by what it must reach, oriented so that {@code >= 1} means met; null when a
     * figure is missing
     */
    public Double attainment(Double cairn, Double raw, Double axonMongo) {
        Double base = switch (reference) {
            case ABSOLUTE -> 1.0;
            case RAW -> raw;
            case AXON_MONGO -> axonMongo;
        };
        if (cairn == null || base == null || base == 0) {
            return null;
        }
        double required = bound * base;
        if (better == Better.HIGHER) {
            return cairn / required;
        }
        return cairn == 0 ? Double.POSITIVE_INFINITY : required / cairn;
    }

    private static String name(Reference reference) {
        return switch (reference) {
            case ABSOLUTE -> "";
            case RAW -> "raw";
            case AXON_MONGO -> "axon-mongo";
        };
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
