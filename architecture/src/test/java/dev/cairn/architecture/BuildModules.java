package dev.cairn.architecture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The modules the root {@code pom.xml} builds, read from the build itself so that no list here goes stale. */
final class BuildModules {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    private BuildModules() {
    }

    /** @return the modules whose {@code src/main/java} holds classes under {@code packagePath} */
    static List<String> withMainPackage(String packagePath) throws IOException {
        List<String> modules = new ArrayList<>();
        Matcher module = MODULE.matcher(Files.readString(ROOT.resolve("pom.xml")));
        while (module.find()) {
            if (Files.isDirectory(ROOT.resolve(module.group(1)).resolve("src/main/java").resolve(packagePath))) {
                modules.add(module.group(1));
            }
        }
        return modules;
    }

    /** @return whether {@code module} has main sources in {@code rootPackage} */
    static boolean mainPackageExists(String module, String rootPackage) {
        return Files.isDirectory(ROOT.resolve(module).resolve("src/main/java").resolve(rootPackage.replace('.', '/')));
    }

    /** @return the {@code src/main/java} folders of every module of the build */
    static List<Path> mainSourceRoots() throws IOException {
        List<Path> roots = new ArrayList<>();
        Matcher module = MODULE.matcher(Files.readString(ROOT.resolve("pom.xml")));
        while (module.find()) {
            Path root = ROOT.resolve(module.group(1)).resolve("src/main/java");
            if (Files.isDirectory(root)) {
                roots.add(root);
            }
        }
        return roots;
    }
}
