package dev.cairn.gettingstarted;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every link within the README (the reading route at its top, for one) leads to one of its headings.
 */
class ReadmeLinksTest {

    private static final Path README = Path.of("..").toAbsolutePath().normalize().resolve("README.md");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");
    private static final Pattern LINK = Pattern.compile("\\]\\(#([^)]+)\\)");
    private static final Pattern CODE_BLOCK = Pattern.compile("(?s)```.*?```");

    @Test
    void everyLinkWithinTheReadmeLeadsToAHeading() throws IOException {
        // Given the README's headings, as GitHub turns them into anchors
        String readme = CODE_BLOCK.matcher(Files.readString(README)).replaceAll("");
        Set<String> anchors = anchors(readme);

        // When its links within the page are collected
        List<String> links = new ArrayList<>();
        Matcher link = LINK.matcher(readme);
        while (link.find()) {
            links.add(link.group(1));
        }

        // Then there are some, and each names an anchor
        assertThat(links).contains("your-first-application", "testing-a-projection", "operating-projections-cli");
        assertThat(anchors).containsAll(links);
    }

    /**
     * @return GitHub's anchors: lower case, punctuation but hyphens and underscores dropped, spaces as hyphens, a
     * repeated heading numbered
     */
    private static Set<String> anchors(String readme) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        Matcher heading = HEADING.matcher(readme);
        while (heading.find()) {
            String slug = heading.group(1).strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "")
                                 .replace(' ', '-');
            int count = seen.merge(slug, 1, Integer::sum);
            anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
        }
        return anchors;
    }
}
