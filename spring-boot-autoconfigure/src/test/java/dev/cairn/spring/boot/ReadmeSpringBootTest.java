package dev.cairn.spring.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.aggregates.CairnMeters;
import dev.cairn.projections.ProjectionMeters;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "Spring Boot" section stays true: its properties table is the generated configuration metadata, its
 * meters table names exactly Cairn's meters.
 */
class ReadmeSpringBootTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `([a-z][\\w.-]+)` \\| ([^|]+) \\|");

    @Test
    void thePropertiesTableIsTheConfigurationMetadata() throws IOException {
        // given
        Map<String, String> documented = rows(section("### Properties"));

        // when
        Map<String, String> generated = new LinkedHashMap<>();
        try (InputStream metadata = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            for (JsonNode property : new ObjectMapper().readTree(metadata).get("properties")) {
                String name = property.get("name").asText();
                if (name.startsWith("cairn.")) {
                    JsonNode value = property.get("defaultValue");
                    generated.put(name, value == null ? "(none)" : "`" + value.asText() + "`");
                }
            }
        }

        // then
        assertThat(documented).containsExactlyInAnyOrderEntriesOf(generated);
    }

    @Test
    void theMetersTableNamesExactlyCairnsMeters() throws Exception {
        // given
        Set<String> documented = new TreeSet<>(rows(section("### Meters")).keySet());

        // when
        Set<String> meters = new TreeSet<>();
        for (Class<?> type : new Class<?>[]{CairnMeters.class, ProjectionMeters.class}) {
            for (Field field : type.getFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.get(null) instanceof String name
                        && name.startsWith("cairn.")) {
                    meters.add(name);
                }
            }
        }

        // then
        assertThat(documented).isEqualTo(meters);
    }

    private static String section(String heading) throws IOException {
        String readme = Files.readString(README);
        String spring = readme.substring(readme.indexOf("\n## Spring Boot\n"));
        spring = spring.substring(0, spring.indexOf("\n## ", 5));
        int start = spring.indexOf(heading);
        assertThat(start).as("README section %s", heading).isNotNegative();
        int end = spring.indexOf("\n### ", start + heading.length());
        return spring.substring(start, end < 0 ? spring.length() : end);
    }

    private static Map<String, String> rows(String section) {
        Map<String, String> rows = new LinkedHashMap<>();
        Matcher row = ROW.matcher(section);
        while (row.find()) {
            rows.put(row.group(1), row.group(2).trim());
        }
        return rows;
    }
}
