package dev.cairn.cli.internal;

import dev.cairn.eventstore.mongo.support.ConnectionStrings;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps passwords out of everything the command line prints: the connection string it was given is shown through
 * {@link ConnectionStrings#masked}, and any text (an error of the driver, a message of picocli echoing an argument) is
 * scrubbed of that password and of any {@code scheme://user:password@} it contains.
 */
final class Secrets {

    /** Any URI with credentials inside a text: the password part up to the {@code @}. */
    private static final Pattern CREDENTIALS_IN_TEXT =
            Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://[^:@/\\s'\"\\[\\]]*:)[^@\\s'\"]*@");
    private static final Pattern PASSWORD = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://[^:@/]*:([^/]*)@");

    private final Set<String> passwords = new LinkedHashSet<>();

    /** Remembers the password of {@code connectionString}, raw and decoded, to scrub it wherever it shows up. */
    void remember(String connectionString) {
        if (connectionString == null) {
            return;
        }
        Matcher matcher = PASSWORD.matcher(connectionString);
        if (matcher.find() && !matcher.group(1).isEmpty()) {
            String raw = matcher.group(1);
            passwords.add(raw);
            try {
                passwords.add(URLDecoder.decode(raw, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // not decodable: the raw form is all there is
            }
        }
    }

    /** @return {@code text} without any remembered password or URI credentials */
    String scrub(String text) {
        if (text == null) {
            return null;
        }
        String scrubbed = CREDENTIALS_IN_TEXT.matcher(text).replaceAll("$1****@");
        for (String password : passwords) {
            if (password.length() >= 3) {
                scrubbed = scrubbed.replace(password, "****");
            }
        }
        return scrubbed;
    }
}
