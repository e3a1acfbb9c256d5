package dev.cairn.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;

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

/**
 * The class cycles of a code base: strongly connected groups of top-level classes (nested classes count as their
 * outermost class) whose members all belong to one module. Tarjan's algorithm over direct dependencies.
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
    static List<List<String>> of(JavaClasses classes, Function<JavaClass, String> moduleOf) {
        ClassCycles graph = new ClassCycles();
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
}
