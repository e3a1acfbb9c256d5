package dev.cairn.eventstore.mongo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which stored type names the event store may turn into classes when it reads payloads and snapshots.
 * <p>
 * A stored document names the class of its payload ({@code payloadType}); whoever can write to the database can name
 * any class on the class path, and deserializing it runs that class's static initializer and constructor. The engine
 * therefore resolves only allowed names; any other reads as Axon's {@code UnknownSerializedType} (handlers skip it,
 * streams go on), with a warning naming the type and the document's {@code _id}.
 * <p>
 * A package entry allows the classes of that package and of its subpackages; a class entry allows that class (and its
 * nested classes). {@link #cairnDefaults()} allows Cairn's own types, Axon's {@code MetaData} and tracking tokens
 * ({@code GapAwareTrackingToken}, {@code GlobalSequenceTrackingToken}, {@code ReplayToken},
 * {@code MergedTrackingToken}: dead letters store them), and Java's value types, each by name (ADR 72): from
 * {@code java.lang} the boxed primitives, {@code String} and {@code Number}, and the common unchecked exceptions
 * (stored as failures of idempotent commands); {@code BigDecimal} and {@code BigInteger}; the date and time values of
 * {@code java.time}; from {@code java.util} {@code UUID}, {@code Currency}, {@code Locale}, {@code Optional},
 * {@code Date}, two exceptions and the collections Jackson reads and writes ({@code ArrayList}, {@code HashMap},
 * {@code List.of}'s {@code ImmutableCollections}, ...). Nothing else of {@code java.*}: not {@code ProcessBuilder},
 * {@code Thread}, {@code java.util.logging} or {@code java.util.concurrent}. The entry point adds the packages of
 * registered aggregates and of the event types they source; the engine also allows the types it serializes itself.
 *
 * @param packages   allowed package names
 * @param classNames allowed fully qualified class names
 */
public record AllowedTypes(Set<String> packages, Set<String> classNames) {

    private static final List<String> CAIRN_PACKAGES = List.of("dev.cairn");
    // Java's value types by name: a whole java.* package would admit classes whose construction has effects
    private static final List<String> JAVA_VALUE_TYPES = List.of(
            "java.lang.String", "java.lang.Boolean", "java.lang.Character", "java.lang.Byte", "java.lang.Short",
            "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.Number",
            "java.lang.Exception", "java.lang.RuntimeException", "java.lang.IllegalArgumentException",
            "java.lang.IllegalStateException", "java.lang.UnsupportedOperationException",
            "java.lang.ArithmeticException", "java.lang.NullPointerException", "java.lang.IndexOutOfBoundsException",
            "java.lang.NumberFormatException", "java.lang.ClassCastException",
            "java.math.BigDecimal", "java.math.BigInteger",
            "java.time.Instant", "java.time.LocalDate", "java.time.LocalTime", "java.time.LocalDateTime",
            "java.time.OffsetDateTime", "java.time.OffsetTime", "java.time.ZonedDateTime", "java.time.Duration",
            "java.time.Period", "java.time.Year", "java.time.YearMonth", "java.time.MonthDay", "java.time.ZoneId",
            "java.time.ZoneOffset", "java.time.DayOfWeek", "java.time.Month",
            "java.util.UUID", "java.util.Currency", "java.util.Locale", "java.util.Optional", "java.util.Date",
            "java.util.NoSuchElementException", "java.util.ConcurrentModificationException",
            "java.util.ArrayList", "java.util.LinkedList", "java.util.HashMap", "java.util.LinkedHashMap",
            "java.util.TreeMap", "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet",
            "java.util.Collections", "java.util.Arrays", "java.util.ImmutableCollections");
    // tracking tokens are stored with dead letters and tokens, and read back by any process running the projection
    private static final List<String> CAIRN_CLASSES = List.of("org.axonframework.messaging.MetaData",
                                                              "org.axonframework.eventhandling.GapAwareTrackingToken",
                                                              "org.axonframework.eventhandling.GlobalSequenceTrackingToken",
                                                              "org.axonframework.eventhandling.ReplayToken",
                                                              "org.axonframework.eventhandling.MergedTrackingToken");

    public AllowedTypes {
        packages = Set.copyOf(requireNames(packages, "package"));
        classNames = Set.copyOf(requireNames(classNames, "class"));
    }

    /**
     * @return Cairn's own types, Axon's {@code MetaData} and tracking tokens, and Java's value types (named one by one)
     */
    public static AllowedTypes cairnDefaults() {
        Set<String> classes = new LinkedHashSet<>(CAIRN_CLASSES);
        classes.addAll(JAVA_VALUE_TYPES);
        return new AllowedTypes(Set.copyOf(CAIRN_PACKAGES), classes);
    }

    /**
     * @return these types plus the given packages (with their subpackages)
     */
    public AllowedTypes withPackages(Collection<String> morePackages) {
        Set<String> all = new LinkedHashSet<>(packages);
        all.addAll(requireNames(morePackages, "package"));
        return new AllowedTypes(all, classNames);
    }

    /**
     * @return these types plus the packages of the given classes (with their subpackages)
     */
    public AllowedTypes withPackagesOf(Collection<Class<?>> types) {
        List<String> more = new ArrayList<>();
        for (Class<?> type : Objects.requireNonNull(types, "types")) {
            more.add(Objects.requireNonNull(type, "A type may not be null").getPackageName());
        }
        return withPackages(more);
    }

    /**
     * @return these types plus the given fully qualified class names
     */
    public AllowedTypes withClasses(Collection<String> moreClassNames) {
        Set<String> all = new LinkedHashSet<>(classNames);
        all.addAll(requireNames(moreClassNames, "class"));
        return new AllowedTypes(packages, all);
    }

    /**
     * @return these types plus those of {@code other}
     */
    public AllowedTypes and(AllowedTypes other) {
        return withPackages(other.packages).withClasses(other.classNames);
    }

    /**
     * @param typeName a stored type name, e.g. {@code com.shop.OrderPlaced} or {@code com.shop.Order$Line}
     * @return whether the name may be resolved to a class
     */
    public boolean allows(String typeName) {
        if (typeName == null || typeName.isEmpty()) {
            return false;
        }
        String outer = typeName.indexOf('$') < 0 ? typeName : typeName.substring(0, typeName.indexOf('$'));
        if (classNames.contains(outer)) {
            return true;
        }
        for (int dot = outer.lastIndexOf('.'); dot > 0; dot = outer.lastIndexOf('.', dot - 1)) {
            if (packages.contains(outer.substring(0, dot))) {
                return true;
            }
        }
        return false;
    }

    private static Collection<String> requireNames(Collection<String> names, String what) {
        Objects.requireNonNull(names, what + " names");
        for (String name : names) {
            if (name == null || name.isBlank() || name.startsWith(".") || name.endsWith(".")) {
                throw new IllegalArgumentException("Not a " + what + " name for the allowed types: [" + name + "]");
            }
        }
        return names;
    }
}
