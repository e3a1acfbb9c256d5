package dev.cairn.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The class cycles of a code base: strongly connected groups of top-level classes (nested classes count as their
 * outermost class) whose members all belong to one module. Tarjan's algorithm over direct dependencies, taken from
 * the bytecode and from the sources' imports: the compiler inlines constants ({@code CairnCli.USAGE}), so a class
 * that uses only another's constants depends on it in its source and not in its bytecode.
 */
final class ClassCycles {

    private final Map<String, Set<String>> edges = new HashMap<>();
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> lowLink = new HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private final List<List<String>> cycles = new ArrayList<>();
    private int counter;

    private ClassCycles() {
    }

    /** @return each group of two or more classes of one module that reach each other, names sorted */
    static List<List<String>> of(JavaClasses classes, Function<JavaClass, String> moduleOf,
                                 Map<String, Set<String>> sourceImports) {
        ClassCycles graph = new ClassCycles();
        sourceImports.forEach((from, imported) -> imported.stream()
                .filter(target -> classes.contain(from) && classes.contain(target) && !target.equals(from))
                .filter(target -> Objects.equals(moduleOf.apply(classes.get(from)), moduleOf.apply(classes.get(target))))
                .forEach(target -> graph.edges.computeIfAbsent(from, name -> new TreeSet<>()).add(target)));
        for (JavaClass origin : classes) {
            String from = topLevel(origin).getName();
            Set<String> targets = graph.edges.computeIfAbsent(from, name -> new TreeSet<>());
            for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                JavaClass target = topLevel(dependency.getTargetClass());
                if (!target.getName().equals(from) && classes.contain(target.getName())
                        && Objects.equals(moduleOf.apply(origin), moduleOf.apply(target))) {
                    targets.add(target.getName());
                }
            }
        }
        for (String node : new ArrayList<>(graph.edges.keySet())) {
            if (!graph.index.containsKey(node)) {
                graph.connect(node);
            }
        }
        return graph.cycles;
    }

    private void connect(String node) {
        index.put(node, counter);
        lowLink.put(node, counter++);
        stack.push(node);
        for (String next : edges.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next);
                lowLink.put(node, Math.min(lowLink.get(node), lowLink.get(next)));
            } else if (stack.contains(next)) {
                lowLink.put(node, Math.min(lowLink.get(node), index.get(next)));
            }
        }
        if (lowLink.get(node).equals(index.get(node))) {
            List<String> group = new ArrayList<>();
            String member;
            do {
                member = stack.pop();
                group.add(member);
            } while (!member.equals(node));
            if (group.size() > 1) {
                group.sort(String::compareTo);
                cycles.add(List.copyOf(group));
            }
        }
    }

    private static JavaClass topLevel(JavaClass type) {
        JavaClass outer = type;
        while (outer.getEnclosingClass().isPresent()) {
            outer = outer.getEnclosingClass().get();
        }
        return outer;
    }

    /**
     * @return for each top-level class in {@code sourceRoots}, the Cairn classes its source imports (a static import
     * counts for the class it imports from)
     */
    static Map<String, Set<String>> sourceImports(List<Path> sourceRoots) throws IOException {
        Map<String, Set<String>> imports = new HashMap<>();
        for (Path root : sourceRoots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                    String source = Files.readString(file);
                    Matcher declared = PACKAGE.matcher(source);
                    if (!declared.find()) {
                        continue;
                    }
                    String name = declared.group(1) + "." + file.getFileName().toString().replace(".java", "");
                    Set<String> targets = imports.computeIfAbsent(name, key -> new TreeSet<>());
                    Matcher imported = IMPORT.matcher(source);
                    while (imported.find()) {
                        targets.add(imported.group(1) != null ? owner(imported.group(2)) : imported.group(2));
                    }
                }
            }
        }
        return imports;
    }

    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+);");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import\\s+(static\\s+)?(dev\\.cairn\\.[\\w.]+);");

    /** @return the class a static import names a member of: the segments up to the first capitalised one */
    private static String owner(String staticImport) {
        String[] parts = staticImport.split("\\.");
        StringBuilder owner = new StringBuilder();
        for (String part : parts) {
            owner.append(owner.isEmpty() ? "" : ".").append(part);
            if (Character.isUpperCase(part.charAt(0))) {
                break;
            }
        }
        return owner.toString();
    }
}
