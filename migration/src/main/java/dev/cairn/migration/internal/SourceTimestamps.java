package dev.cairn.migration.internal;

import org.axonframework.common.DateTimeUtils;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Parses the extension's timestamps. It writes them with {@code DateTimeUtils.formatInstant}: UTC, three fraction
 * digits, {@code 2024-03-01T12:00:00.123Z}; that form is read directly (a formatter per event is a large part of a
 * bulk copy's client time), every other ISO-8601 form through Axon's own {@link DateTimeUtils#parseInstant}.
 */
final class SourceTimestamps {

    private static final String FORM = "0000-00-00T00:00:00.000Z";

    private SourceTimestamps() {
    }

    /**
     * @throws java.time.format.DateTimeParseException when the text is not an ISO-8601 timestamp
     */
    static Instant parse(String text) {
        if (text.length() == FORM.length() && matchesForm(text)) {
            try {
                long day = LocalDate.of(number(text, 0, 4), number(text, 5, 7), number(text, 8, 10)).toEpochDay();
                int hour = number(text, 11, 13);
                int minute = number(text, 14, 16);
                int second = number(text, 17, 19);
                if (hour < 24 && minute < 60 && second < 60) {
                    return Instant.ofEpochSecond(day * 86_400 + hour * 3_600L + minute * 60L + second,
                                                 number(text, 20, 23) * 1_000_000L);
                }
            } catch (DateTimeException e) {
                // not a valid date: Axon's parser names the problem
            }
        }
        return DateTimeUtils.parseInstant(text);
    }

    private static boolean matchesForm(String text) {
        for (int i = 0; i < FORM.length(); i++) {
            char expected = FORM.charAt(i);
            char actual = text.charAt(i);
            if (expected == '0' ? actual < '0' || actual > '9' : actual != expected) {
                return false;
            }
        }
        return true;
    }

    private static int number(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + text.charAt(i) - '0';
        }
        return value;
    }
}
