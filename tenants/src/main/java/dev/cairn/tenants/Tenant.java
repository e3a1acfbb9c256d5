package dev.cairn.tenants;

import com.mongodb.ConnectionString;
import dev.cairn.eventstore.mongo.support.ConnectionStrings;
import org.axonframework.common.AxonConfigurationException;

import java.util.regex.Pattern;

/**
 * Where a tenant's store lives (ADR 85), one of two placements:
 * <ul>
 *     <li>a database of its own ({@link #ownDatabase}): a complete Cairn store (events, snapshots, idempotency keys,
 *     tokens, sagas, deadlines, read models) in {@code database}, on the registry's MongoDB or on the server a
 *     connection string of its own names (a replica set, or a database whose primary shard is placed for it);</li>
 *     <li>the shared store ({@link #shared}): the directory database's store, shared with the other shared tenants;
 *     its commits carry the tenant in their events' metadata. Adding one creates no database, collection or index;
 *     aggregate identifiers must be unique across the shared tenants ({@link TenantMismatchException}).</li>
 * </ul>
 *
 * @param id               the tenant's identifier, as commands carry it: 1 to 64 letters, digits, {@code _} or
 *                         {@code -}
 * @param database         the name of the tenant's database
 * @param connectionString the tenant's own {@code mongodb://} URI, or {@code null} for the registry's client; tenants
 *                         with the same URI share one client
 * @param shared           whether the tenant lives in the shared store; then {@code database} and
 *                         {@code connectionString} are {@code null}
 */
public record Tenant(String id, String database, String connectionString, boolean shared) {

    /**
     * The identifier the {@link TenantTemplate} receives when it makes the shared store's application (no tenant can
     * have it), and the shared store's key among the sources of {@link CairnTenants#streams()}.
     */
    public static final String SHARED_STORE = "(shared)";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /**
     * @throws AxonConfigurationException naming the tenant and what is wrong with its identifier, database or URI
     */
    public Tenant {
        if (id == null || !ID.matcher(id).matches()) {
            throw new AxonConfigurationException("A tenant identifier must be 1 to 64 letters, digits, '_' or '-', "
                                                         + "was [" + id + "]");
        }
        if (shared && (database != null || connectionString != null)) {
            throw new AxonConfigurationException("Tenant [" + id + "] is placed in the shared store: it takes no "
                                                         + "database or connection string of its own, was ["
                                                         + database + "]");
        }
        if (!shared && (database == null || database.isBlank() || database.contains(".") || database.contains(" "))) {
            throw new AxonConfigurationException("Tenant [" + id + "] needs a database name without '.' or spaces, "
                                                         + "was [" + database + "]");
        }
        if (!shared && connectionString != null) {
            try {
                new ConnectionString(connectionString);
            } catch (IllegalArgumentException e) {
                throw new AxonConfigurationException("Tenant [" + id + "] has an invalid connection string ["
                                                             + ConnectionStrings.masked(connectionString) + "]");
            }
        }
    }

    /** A tenant with a database of its own; {@code connectionString} may be {@code null} (the registry's client). */
    public Tenant(String id, String database, String connectionString) {
        this(id, database, connectionString, false);
    }

    /** @return a tenant placed in the shared store: the directory database's store, no database of its own */
    public static Tenant shared(String id) {
        return new Tenant(id, null, null, true);
    }

    /** @return a tenant whose database is on the registry's MongoDB */
    public static Tenant ownDatabase(String id, String database) {
        return new Tenant(id, database, null);
    }

    /** @return a tenant whose database is on the MongoDB that {@code connectionString} names */
    public static Tenant ownDatabase(String id, String database, String connectionString) {
        if (connectionString == null || connectionString.isBlank()) {
            throw new AxonConfigurationException("Tenant [" + id + "]: the connection string may not be blank");
        }
        return new Tenant(id, database, connectionString);
    }

    /** @return where the tenant's database lives, never with a password */
    public String describe() {
        if (shared) {
            return "the shared store";
        }
        return "database [" + database + "]" + (connectionString == null ? " on the registry's MongoDB"
                : " at " + ConnectionStrings.hosts(connectionString));
    }
}
