package dev.cairn.aggregates.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LruAggregateCacheTest {

    @Test
    void evictsTheLeastRecentlyUsedEntryBeyondItsSize() {
        // Given
        LruAggregateCache cache = new LruAggregateCache(2);
        cache.put("a", 1);
        cache.put("b", 2);
        cache.get("a");

        // When
        cache.put("c", 3);

        // Then
        assertThat(cache.containsKey("a")).isTrue();
        assertThat(cache.containsKey("b")).isFalse();
        assertThat(cache.containsKey("c")).isTrue();
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void removesAndRefusesANonPositiveSize() {
        // Given
        LruAggregateCache cache = new LruAggregateCache(3);
        cache.put("a", 1);

        // When
        boolean removed = cache.remove("a");

        // Then
        assertThat(removed).isTrue();
        assertThat(cache.<String, Integer>get("a")).isNull();
        assertThat(cache.putIfAbsent("a", 2)).isTrue();
        assertThat(cache.putIfAbsent("a", 3)).isFalse();
        assertThat(cache.<String, Integer>get("a")).isEqualTo(2);
        assertThatThrownBy(() -> new LruAggregateCache(0)).hasMessageContaining("positive");
    }
}
