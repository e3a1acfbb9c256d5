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
 * {@code MergedTrackingToken}: dead letters store them), and the value types of
 * {@code java.lang}, {@code java.util}, {@code java.time} and {@code java.math}. The entry point adds the packages of
 * registered aggregates and of the event types they source; the engine also allows the types it serializes itself.
 *
 * @param packages   allowed package names
 * @param classNames allowed fully qualified class names
 */
public record AllowedTypes(Set<String> packages, Set<String> classNames) {

    private static final List<String> CAIRN_PACKAGES = List.of("dev.cairn", "java.lang", "java.util", "java.time",
                                                               "java.math");
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
     * @return Cairn's own types, Axon's {@code MetaData} and tracking tokens, and Java's value types
     */
    public static AllowedTypes cairnDefaults() {
        return new AllowedTypes(Set.copyOf(CAIRN_PACKAGES), Set.copyOf(CAIRN_CLASSES));
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
