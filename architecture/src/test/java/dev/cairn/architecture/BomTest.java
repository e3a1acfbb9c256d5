package dev.cairn.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cairn-bom} lists exactly the artifacts the build publishes, at the build's version.
 */
class BomTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern BOM_ENTRY = Pattern.compile("<artifactId>(cairn-[^<]+)</artifactId>");

    @Test
    void theBomListsEveryPublishedArtifactAtTheBuildsVersion() throws IOException {
        // given
        String parent = Files.readString(ROOT.resolve("pom.xml"));
        String bom = Files.readString(ROOT.resolve("bom/pom.xml"));
        List<String> published = new ArrayList<>();
        Matcher module = MODULE.matcher(parent);
        while (module.find()) {
            String pom = Files.readString(ROOT.resolve(module.group(1)).resolve("pom.xml"));
            boolean skipped = pom.contains("<maven.install.skip>true</maven.install.skip>");
            if (!skipped && !pom.contains("<packaging>pom</packaging>")) {
                published.add(artifactId(pom));
            }
        }

        // when
        List<String> listed = new ArrayList<>();
        Matcher entry = BOM_ENTRY.matcher(bom.substring(bom.indexOf("<dependencyManagement>")));
        while (entry.find()) {
            listed.add(entry.group(1));
        }

        // then
        assertThat(published).contains("cairn-eventstore-mongo", "cairn-aggregates");
        assertThat(listed).containsExactlyInAnyOrderElementsOf(published);
        assertThat(version(bom)).isEqualTo(version(parent));
    }

    private static String artifactId(String pom) {
        String afterParent = pom.contains("</parent>") ? pom.substring(pom.indexOf("</parent>")) : pom;
        Matcher matcher = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(afterParent);
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    private static String version(String pom) {
        String afterParent = pom.contains("</parent>") ? pom.substring(pom.indexOf("</parent>")) : pom;
        Matcher matcher = Pattern.compile("<version>([^<]+)</version>").matcher(afterParent);
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }
}
