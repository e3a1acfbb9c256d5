package dev.cairn.eventstore.mongo.support;

import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.eventstore.mongo.layout.StorageLayout;
import dev.cairn.eventstore.mongo.support.CairnCollections.Role;
import org.axonframework.common.AxonConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ADR 73: one immutable description of Cairn's collections, by role, with the names the components configure.
 */
class CairnCollectionsTest {

    @Test
    void theDefaultsNameEveryRoleByItsConstant() {
        // Given / When
        CairnCollections defaults = CairnCollections.defaults();

        // Then
        assertThat(defaults.names()).hasSize(Role.values().length);
        assertThat(defaults.name(Role.EVENTS)).isEqualTo(CairnCollections.EVENTS);
        assertThat(defaults.name(Role.TOKENS)).isEqualTo(CairnCollections.TOKENS);
        assertThat(defaults.name(Role.DEADLINES)).isEqualTo(CairnCollections.DEADLINES);
        assertThat(StorageLayout.of(defaults)).isEqualTo(StorageLayout.defaults());
    }

    @Test
    void aRenameIsACopyAndTheEngineBuilderDescribesItsOwnCollections() {
        // Given an engine configured with other names
        MongoEventStorageEngine.Builder engine = MongoEventStorageEngine.builder().eventCollectionName("bank_events")
                                                                       .sequenceCollectionName("bank_sequences");

        // When
        CairnCollections described = engine.collections(CairnCollections.defaults());
        CairnCollections tokens = described.with(Role.TOKENS, "bank_tokens");

        // Then
        assertThat(described.name(Role.EVENTS)).isEqualTo("bank_events");
        assertThat(described.name(Role.SNAPSHOTS)).isEqualTo(CairnCollections.SNAPSHOTS);
        assertThat(described.name(Role.SEQUENCES)).isEqualTo("bank_sequences");
        assertThat(described.name(Role.TOKENS)).isEqualTo(CairnCollections.TOKENS);
        assertThat(tokens.name(Role.TOKENS)).isEqualTo("bank_tokens");
        assertThat(StorageLayout.of(tokens).eventCollection()).isEqualTo("bank_events");
        assertThat(CairnCollections.defaults().name(Role.EVENTS)).isEqualTo(CairnCollections.EVENTS);
        assertThatThrownBy(() -> described.names().put(Role.EVENTS, "x"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void twoRolesSharingANameOrABlankOrMissingNameAreRefusedNamingTheRoles() {
        // Given
        CairnCollections defaults = CairnCollections.defaults();
        Map<Role, String> missing = new EnumMap<>(defaults.names());
        missing.remove(Role.SAGAS);

        // When / Then
        assertThatThrownBy(() -> defaults.with(Role.TOKENS, CairnCollections.DEAD_LETTERS))
                .isInstanceOf(AxonConfigurationException.class)
                .hasMessage("The TOKENS and DEAD_LETTERS collections are both named [cairn_dead_letters]: each needs "
                                    + "its own collection");
        assertThatThrownBy(() -> defaults.with(Role.EVENTS, " "))
                .isInstanceOf(AxonConfigurationException.class).hasMessageContaining("EVENTS");
        assertThatThrownBy(() -> new CairnCollections(missing))
                .isInstanceOf(AxonConfigurationException.class).hasMessageContaining("SAGAS");
    }
}
