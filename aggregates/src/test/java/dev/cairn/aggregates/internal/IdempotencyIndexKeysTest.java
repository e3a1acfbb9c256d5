package dev.cairn.aggregates.internal;

import dev.cairn.eventstore.mongo.layout.IndexCatalog;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalog's idempotency index (ADR 18) expires keys at the date the store writes. */
class IdempotencyIndexKeysTest {

    @Test
    void theCatalogExpiresKeysAtTheirExpiresAtField() {
        // Given / When
        var index = IndexCatalog.IDEMPOTENCY.get(0);

        // Then
        assertThat(index.keys().keySet()).containsExactly(IdempotencyStore.EXPIRES_AT);
        assertThat(index.expireAfter()).isEqualTo(Duration.ZERO);
    }
}
