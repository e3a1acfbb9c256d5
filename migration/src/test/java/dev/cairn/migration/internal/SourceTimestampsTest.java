package dev.cairn.migration.internal;

import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.format.DateTimeParseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The extension's timestamps read as Axon's own parser reads them: its usual form directly, every other form (and
 * every invalid one) through Axon.
 */
class SourceTimestampsTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-07T01:58:28.134Z", "1970-01-01T00:00:00.000Z", "2024-02-29T23:59:59.999Z",
            "1969-12-31T23:59:59.001Z", "2026-12-07T01:58:28Z", "2026-12-07T01:58:28.134567Z",
            "2026-12-07T02:58:28.134+01:00"})
    void readsEveryFormAsAxonDoes(String text) {
        // given a timestamp as the extension may have stored it
        // when it is parsed
        // then it is the instant Axon's parser reads
        assertThat(SourceTimestamps.parse(text)).isEqualTo(DateTimeUtils.parseInstant(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30T01:58:28.134Z", "2026-12-07T24:00:00.000Z", "2026-13-07T01:58:28.134Z",
            "2026-12-07 01:58:28.134Z", "yesterday"})
    void refusesWhatAxonRefuses(String text) {
        // given text that is no valid timestamp, some of it in the usual form's shape
        // when it is parsed
        // then it fails as Axon's parser does
        assertThatThrownBy(() -> SourceTimestamps.parse(text)).isInstanceOf(DateTimeParseException.class);
    }
}
