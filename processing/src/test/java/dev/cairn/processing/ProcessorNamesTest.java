package dev.cairn.processing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcessorNamesTest {

    @Test
    void versionOneIsThePlainNameAndLaterVersionsCarryTheirNumber() {
        // then
        assertThat(ProcessorNames.versioned("balances", 1)).isEqualTo("balances");
        assertThat(ProcessorNames.versioned("balances", 2)).isEqualTo("balances@v2");
        assertThat(ProcessorNames.versioned("balances", 12)).isEqualTo("balances@v12");
    }

    @Test
    void aVersionedNameParsesBackToItsBaseAndVersion() {
        // given
        String name = ProcessorNames.versioned("order-summaries", 7);

        // then
        assertThat(ProcessorNames.baseName(name)).isEqualTo("order-summaries");
        assertThat(ProcessorNames.version(name)).isEqualTo(7);
        assertThat(ProcessorNames.baseName("order-summaries")).isEqualTo("order-summaries");
        assertThat(ProcessorNames.version("order-summaries")).isEqualTo(1);
    }

    @Test
    void onlyADigitSuffixIsAVersion() {
        // then: names that merely contain the separator keep it
        assertThat(ProcessorNames.baseName("mail@vendor")).isEqualTo("mail@vendor");
        assertThat(ProcessorNames.baseName("x@v")).isEqualTo("x@v");
        assertThat(ProcessorNames.baseName("a@v1@v2")).isEqualTo("a@v1");
    }

    @Test
    void versionOfAnswersOnlyForTheProjectionItself() {
        // then
        assertThat(ProcessorNames.versionOf("balances", "balances")).contains(1);
        assertThat(ProcessorNames.versionOf("balances", "balances@v3")).contains(3);
        assertThat(ProcessorNames.versionOf("balances", "balances-archive")).isEmpty();
        assertThat(ProcessorNames.versionOf("balances", "other@v3")).isEmpty();
    }

    @Test
    void aBlankNameIsRefused() {
        // then
        assertThatThrownBy(() -> ProcessorNames.versioned(" ", 2)).hasMessageContaining("may not be blank");
    }

    @Test
    void aReadModelCollectionOfALaterVersionCarriesItsNumber() {
        // then
        assertThat(ProcessorNames.collection("balances", 1)).isEqualTo("balances");
        assertThat(ProcessorNames.collection("balances", 3)).isEqualTo("balances__v3");
        assertThatThrownBy(() -> ProcessorNames.collection("", 3)).hasMessageContaining("may not be blank");
    }
}
