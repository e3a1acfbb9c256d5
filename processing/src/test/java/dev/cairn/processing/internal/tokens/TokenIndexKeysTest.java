package dev.cairn.processing.internal.tokens;

import dev.cairn.eventstore.mongo.layout.IndexCatalog;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalog's token index (ADR 18) is on the fields the token collection queries. */
class TokenIndexKeysTest {

    @Test
    void theCatalogIndexesTheProcessorAndSegmentFields() {
        // Given / When
        var index = IndexCatalog.TOKENS.get(0);

        // Then
        assertThat(TokenCollection.INDEXES).isEqualTo(IndexCatalog.TOKENS);
        assertThat(index.keys().keySet()).containsExactly(TokenCollection.PROCESSOR, TokenCollection.SEGMENT);
        assertThat(index.unique()).isTrue();
    }
}
