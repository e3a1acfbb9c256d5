package com.example.sagas.shop;

import dev.cairn.aggregates.Cairn;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.eventstore.mongo.support.CairnCollections.Role;
import dev.cairn.projections.CairnProjections;
import dev.cairn.sagas.CairnSagas;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADR 73: an application describes its collections with the names its components are configured with, extensions
 * included, without a database and without starting.
 */
class CollectionNamesTest {

    @Test
    void theBuilderFoldsTheNamesOfTheEngineAndOfEveryExtension() {
        // Given an application that renames its events, its projections' tokens and its deadlines
        CairnSagas sagas = CairnSagas.builder().saga(OrderSaga.class)
                                     .deadlines(deadlines -> deadlines.collectionName("shop_deadlines")).build();
        CairnProjections projections = CairnProjections.builder()
                                                       .tokenStore(tokens -> tokens.collectionName("shop_tokens"))
                                                       .build();
        Cairn.Builder application = Cairn.builder()
                                         .eventStorage(engine -> engine.eventCollectionName("shop_events"))
                                         .extension(projections.extension()).extension(sagas.extension());

        // When
        CairnCollections collections = application.collections();

        // Then each configured name is described, every other collection keeps its default name
        assertThat(collections.name(Role.EVENTS)).isEqualTo("shop_events");
        assertThat(collections.name(Role.TOKENS)).isEqualTo("shop_tokens");
        assertThat(collections.name(Role.DEADLINES)).isEqualTo("shop_deadlines");
        assertThat(collections.name(Role.SNAPSHOTS)).isEqualTo(CairnCollections.SNAPSHOTS);
        assertThat(collections.name(Role.SAGAS)).isEqualTo(CairnCollections.SAGAS);
        assertThat(collections.name(Role.IDEMPOTENCY)).isEqualTo(Cairn.IDEMPOTENCY_COLLECTION);
        assertThat(Cairn.builder().collections()).isEqualTo(CairnCollections.defaults());
    }
}
