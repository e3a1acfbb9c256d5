package dev.cairn.testing.internal;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the first field where two object graphs differ: {@code equals} for platform types and classes defining it,
 * field by field otherwise (records by component, lists by position, maps by key, sets by matching elements).
 * Internal to Cairn.
 */
public final class Differences {

    /**
     * One difference.
     *
     * @param path   the field path, e.g. {@code lines[0].product}; empty for the objects as a whole
     * @param before the value in the original
     * @param after  the value after the round trip
     */
    public record Difference(String path, Object before, Object after) {

        /**
         * @return e.g. {@code field 'note' was "x" (java.lang.String) before and null after}
         */
        public String describe() {
            String where = path.isEmpty() ? "the object as a whole" : "field '" + path + "'";
            return where + " was " + render(before) + " before and " + render(after) + " after";
        }

        private static String render(Object value) {
            if (value == null) {
                return "null";
            }
            String text = String.valueOf(value);
            if (text.length() > 120) {
                text = text.substring(0, 117) + "...";
            }
            return (value instanceof CharSequence ? "\"" + text + "\"" : text) + " (" + value.getClass().getName()
                    + ")";
        }
    }

    private final Map<Object, Object> visited = new IdentityHashMap<>();

    private Differences() {
    }

    /**
     * @return the first difference between {@code before} and {@code after}, if any
     */
    public static Optional<Difference> between(Object before, Object after) {
        return Optional.ofNullable(new Differences().diff("", before, after));
    }

    private Difference diff(String path, Object a, Object b) {
        if (a == b) {
            return null;
        }
        if (a == null || b == null || a.getClass() != b.getClass()) {
            return new Difference(path, a, b);
        }
        if (visited.put(a, b) == b) {
            return null; // already being compared: a cycle
        }
        Class<?> type = a.getClass();
        if (type.isArray()) {
            return arrays(path, a, b);
        }
        if (a instanceof List<?> listA) {
            return lists(path, listA, (List<?>) b);
        }
        if (a instanceof Map<?, ?> mapA) {
            return maps(path, mapA, (Map<?, ?>) b);
        }
        if (a instanceof Collection<?> collectionA) {
            return collections(path, collectionA, (Collection<?>) b);
        }
        if (isPlatform(type) || type.isEnum()) {
            return a.equals(b) ? null : new Difference(path, a, b);
        }
        Difference fieldDifference = fields(path, a, b);
        if (definesEquals(type)) {
            if (a.equals(b)) {
                return null;
            }
            return fieldDifference != null ? fieldDifference : new Difference(path, a, b);
        }
        return fieldDifference;
    }

    private Difference arrays(String path, Object a, Object b) {
        int length = Array.getLength(a);
        if (length != Array.getLength(b)) {
            return new Difference(path, a, b);
        }
        for (int i = 0; i < length; i++) {
            Difference d = diff(path + "[" + i + "]", Array.get(a, i), Array.get(b, i));
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    private Difference lists(String path, List<?> a, List<?> b) {
        if (a.size() != b.size()) {
            return new Difference(path, a, b);
        }
        for (int i = 0; i < a.size(); i++) {
            Difference d = diff(path + "[" + i + "]", a.get(i), b.get(i));
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    private Difference maps(String path, Map<?, ?> a, Map<?, ?> b) {
        if (!a.keySet().equals(b.keySet())) {
            return new Difference(path, a, b);
        }
        for (Map.Entry<?, ?> entry : a.entrySet()) {
            Difference d = diff(path + "[" + entry.getKey() + "]", entry.getValue(), b.get(entry.getKey()));
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    private Difference collections(String path, Collection<?> a, Collection<?> b) {
        if (a.size() != b.size()) {
            return new Difference(path, a, b);
        }
        if (a.equals(b)) {
            return null;
        }
        // Elements without equals (entities) are matched field by field.
        List<Object> unmatched = new ArrayList<>(b);
        for (Object element : a) {
            Iterator<Object> candidates = unmatched.iterator();
            boolean found = false;
            while (candidates.hasNext()) {
                if (Differences.between(element, candidates.next()).isEmpty()) {
                    candidates.remove();
                    found = true;
                    break;
                }
            }
            if (!found) {
                return new Difference(path, a, b);
            }
        }
        return null;
    }

    private Difference fields(String path, Object a, Object b) {
        for (Class<?> type = a.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || field.isSynthetic()) {
                    continue;
                }
                Object valueA;
                Object valueB;
                try {
                    field.setAccessible(true);
                    valueA = field.get(a);
                    valueB = field.get(b);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return Objects.equals(a, b) ? null : new Difference(path, a, b);
                }
                Difference d = diff(path.isEmpty() ? field.getName() : path + "." + field.getName(), valueA, valueB);
                if (d != null) {
                    return d;
                }
            }
        }
        return null;
    }

    private static boolean definesEquals(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                c.getDeclaredMethod("equals", Object.class);
                return true;
            } catch (NoSuchMethodException e) {
                // look further up
            }
        }
        return false;
    }

    private static boolean isPlatform(Class<?> type) {
        return type.isPrimitive() || type.getClassLoader() == null || type.getName().startsWith("java.");
    }
}
