package dev.cairn.testing.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DifferencesTest {

    record Line(String product, int quantity) {
    }

    record Basket(String id, List<Line> lines) {
    }

    /**
     * An entity without equals, as aggregate members usually are.
     */
    static final class Entity {
        String name;
        Entity parent;

        Entity(String name) {
            this.name = name;
        }
    }

    @Test
    void namesTheNestedFieldThatDiffers() {
        // Given
        Basket before = new Basket("b-1", List.of(new Line("pen", 1), new Line("ink", 2)));
        Basket after = new Basket("b-1", List.of(new Line("pen", 1), new Line("ink", 3)));

        // When
        var difference = Differences.between(before, after);

        // Then
        assertThat(difference).isPresent();
        assertThat(difference.get().path()).isEqualTo("lines[1].quantity");
        assertThat(difference.get().describe())
                .isEqualTo("field 'lines[1].quantity' was 2 (java.lang.Integer) before and 3 (java.lang.Integer) after");
    }

    @Test
    void comparesObjectsWithoutEqualsFieldByFieldAndSurvivesCycles() {
        // Given
        Entity before = new Entity("root");
        before.parent = before;
        Entity after = new Entity("root");
        after.parent = after;

        // When / Then
        assertThat(Differences.between(before, after)).isEmpty();
        after.name = "other";
        assertThat(Differences.between(before, after)).get().extracting(Differences.Difference::path)
                                                       .isEqualTo("name");
    }

    @Test
    void matchesSetElementsWithoutEqualsByTheirFields() {
        // Given
        Set<Entity> before = new HashSet<>(List.of(new Entity("a"), new Entity("b")));
        Set<Entity> after = new HashSet<>(List.of(new Entity("b"), new Entity("a")));
        Set<Entity> changed = new HashSet<>(List.of(new Entity("b"), new Entity("c")));

        // When / Then
        assertThat(Differences.between(before, after)).isEmpty();
        assertThat(Differences.between(before, changed)).isPresent();
    }

    @Test
    void reportsMapValuesByKeyAndChangedTypes() {
        // Given
        Map<String, Object> before = new LinkedHashMap<>(Map.of("date", java.time.LocalDate.of(2030, 1, 1)));
        Map<String, Object> after = new LinkedHashMap<>(Map.of("date", "2030-01-01"));

        // When
        var difference = Differences.between(before, after);

        // Then
        assertThat(difference).get().extracting(Differences.Difference::path).isEqualTo("[date]");
        assertThat(difference.get().describe()).contains("(java.time.LocalDate) before", "(java.lang.String) after");
        assertThat(Differences.between(new ArrayList<>(List.of(1)), List.of(1, 2))).isPresent();
    }
}
