package dev.cairn.processing;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one spelling of versioned names. A projection rebuilt blue/green runs version {@code n} under the processor
 * (token) name {@code name@vn} and writes the read-model collections {@code collection__vn}; version 1 is the plain
 * name, so an application that never rebuilt keeps the names it always had. Token documents, read models, status, the
 * CLI and clean-up all format and parse names here.
 */
public final class ProcessorNames {

    private static final String SEPARATOR = "@v";
    private static final String COLLECTION_SEPARATOR = "__v";
    private static final Pattern VERSIONED = Pattern.compile("(.+)" + Pattern.quote(SEPARATOR) + "(\\d+)");

    private ProcessorNames() {
    }

    /**
     * @param name    the projection (or processor) name
     * @param version its version, 1 or more
     * @return the processor name of that version: {@code name} for version 1, else {@code name@vN}
     */
    public static String versioned(String name, int version) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A processor name may not be blank");
        }
        return version <= 1 ? name : name + SEPARATOR + version;
    }

    /** @return the name without its version: {@code balances} for {@code balances@v3} and for {@code balances} */
    public static String baseName(String processorName) {
        Matcher matcher = VERSIONED.matcher(processorName);
        return matcher.matches() ? matcher.group(1) : processorName;
    }

    /** @return the version {@code processorName} names: 3 for {@code balances@v3}, 1 for a plain name */
    public static int version(String processorName) {
        Matcher matcher = VERSIONED.matcher(processorName);
        return matcher.matches() ? Integer.parseInt(matcher.group(2)) : 1;
    }

    /**
     * @return the version of {@code name} that {@code processorName} runs, if it is {@code name} itself or one of its
     * versions; empty for any other processor
     */
    public static Optional<Integer> versionOf(String name, String processorName) {
        return baseName(processorName).equals(name) ? Optional.of(version(processorName)) : Optional.empty();
    }

    /**
     * @param collection a read-model collection as a projection declares it
     * @param version    the projection's version
     * @return the collection that version writes: {@code collection} for version 1 (or less), else
     * {@code collection__vN}
     */
    public static String collection(String collection, int version) {
        if (collection == null || collection.isBlank()) {
            throw new IllegalArgumentException("A read-model collection name may not be blank");
        }
        return version <= 1 ? collection : collection + COLLECTION_SEPARATOR + version;
    }
}
