package dev.cairn.sagas.internal;

import dev.cairn.eventstore.mongo.layout.IndexCatalog;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalog's saga and deadline indexes (ADR 18) are on the fields the stores query. */
class SagaIndexKeysTest {

    @Test
    void theSagaIndexIsOnTypeAndAssociationKeyAndValue() {
        // Given / When
        var index = IndexCatalog.SAGAS.get(0);

        // Then
        assertThat(index.keys().keySet()).containsExactly(
                SagaDocuments.SAGA_TYPE, SagaDocuments.ASSOCIATIONS + "." + SagaDocuments.KEY,
                SagaDocuments.ASSOCIATIONS + "." + SagaDocuments.VALUE);
    }

    @Test
    void theDeadlineIndexesAreOnStatusAndDueTimeAndOnNameAndScope() {
        // Given / When
        var due = IndexCatalog.DEADLINES.get(0);
        var name = IndexCatalog.DEADLINES.get(1);

        // Then
        assertThat(due.keys().keySet()).containsExactly(DeadlineDocuments.STATUS, DeadlineDocuments.DUE_AT);
        assertThat(name.keys().keySet()).containsExactly(DeadlineDocuments.NAME, DeadlineDocuments.SCOPE_JSON);
    }
}
