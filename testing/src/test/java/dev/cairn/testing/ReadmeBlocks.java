package dev.cairn.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the README's Java blocks and the example sources they must be found in, so that README code is compiled code.
 */
public final class ReadmeBlocks {

    public static final Path README = Path.of("..", "README.md");

    private ReadmeBlocks() {
    }

    /**
     * @return the README from the heading {@code ## title} to the next level-2 heading
     */
    public static String section(String title) throws IOException {
        String readme = Files.readString(README);
        int from = readme.indexOf("\n## " + title + "\n");
        if (from < 0) {
            throw new AssertionError("README has no section '" + title + "'");
        }
        int to = readme.indexOf("\n## ", from + 1);
        return readme.substring(from, to < 0 ? readme.length() : to);
    }

    /**
     * @return the bodies of the {@code ```java} blocks of {@code markdown}
     */
    public static List<String> javaBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher matcher = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        while (matcher.find()) {
            blocks.add(matcher.group(1));
        }
        return blocks;
    }

    /**
     * @return the normalized text of every Java file in the folder
     */
    public static String sources(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            StringBuilder all = new StringBuilder();
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                all.append(Files.readString(file));
            }
            return normalize(all.toString());
        }
    }

    /**
     * @return the code without imports and whitespace
     */
    public static String normalize(String code) {
        return code.replaceAll("(?m)^\\s*import .*$", "").replaceAll("\\s+", "");
    }
}
