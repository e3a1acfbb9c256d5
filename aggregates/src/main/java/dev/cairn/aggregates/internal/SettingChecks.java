package dev.cairn.aggregates.internal;

import org.axonframework.common.AxonConfigurationException;

import java.time.Duration;

import static org.axonframework.common.BuilderUtils.assertNonNull;
import static org.axonframework.common.BuilderUtils.assertThat;

/**
 * The checks the entry point's builder applies to its text and duration settings, with Axon's builder assertions:
 * each failure is an {@link AxonConfigurationException} naming the setting.
 */
public final class SettingChecks {

    private SettingChecks() {
    }

    /**
     * @throws AxonConfigurationException naming the setting when the value is null or blank
     */
    public static String text(String value, String setting) {
        assertThat(value, v -> v != null && !v.isBlank(), setting + " must not be null or blank");
        return value;
    }

    /**
     * @throws AxonConfigurationException naming the setting when the value is null, zero or negative
     */
    public static Duration positive(Duration value, String setting) {
        assertNonNull(value, setting + " must not be null");
        assertThat(value, v -> !v.isNegative() && !v.isZero(), setting + " must be positive, was " + value);
        return value;
    }
}
