package dev.cairn.eventstore.mongo.support;

import com.mongodb.ConnectionString;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Connection strings as they may appear in messages and logs: never with their password.
 */
public final class ConnectionStrings {

    /** {@code scheme://user:password@} → the password part, up to the last {@code @} before the hosts. */
    private static final Pattern CREDENTIALS = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://[^:@/]*:)[^/]*@");

    private ConnectionStrings() {
    }

    /**
     * @return the connection string with its password replaced by {@code ****}; other text unchanged
     */
    public static String masked(String connectionString) {
        if (connectionString == null) {
            return null;
        }
        return CREDENTIALS.matcher(connectionString).replaceFirst("$1****@");
    }

    /**
     * @return the hosts a connection string names, e.g. {@code [db1:27017, db2:27017]}; the masked string when it
     * cannot be parsed
     */
    public static String hosts(String connectionString) {
        try {
            List<String> hosts = new ConnectionString(connectionString).getHosts();
            return hosts.toString();
        } catch (RuntimeException e) {
            return "[" + masked(connectionString) + "]";
        }
    }
}
