package dev.cairn.sagas.internal;

import dev.cairn.eventstore.mongo.layout.IndexCatalog;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalog's saga, deadline and parked saga event indexes (ADR 18) are on the fields the stores query. */
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

    @Test
    void theParkedSagaEventsIndexIsOnStatusAndDueTime() {
        // Given / When
        var due = IndexCatalog.PARKED_SAGA_EVENTS.get(0);

        // Then the fields the retrier's query for due sagas tests by equality and range
        assertThat(due.keys().keySet()).containsExactly(ParkedSagaDocuments.STATUS, ParkedSagaDocuments.DUE_AT);
        assertThat(ParkedSagaDocuments.indexes()).isSameAs(IndexCatalog.PARKED_SAGA_EVENTS);
    }
}
