package dev.cairn.projections.internal.deadletter;

import dev.cairn.eventstore.mongo.layout.IndexCatalog;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalog's dead-letter index (ADR 18) is on the fields the letter store queries. */
class LetterIndexKeysTest {

    @Test
    void theCatalogIndexesGroupSequenceAndIndexFields() {
        // Given / When
        var index = IndexCatalog.DEAD_LETTERS.get(0);

        // Then
        assertThat(LetterFields.INDEXES).isEqualTo(IndexCatalog.DEAD_LETTERS);
        assertThat(index.keys().keySet()).containsExactly(LetterFields.PROCESSING_GROUP,
                                                          LetterFields.SEQUENCE_IDENTIFIER,
                                                          LetterFields.SEQUENCE_INDEX);
        assertThat(index.unique()).isTrue();
    }
}
