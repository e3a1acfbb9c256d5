package dev.cairn.tenants;

import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.eventstore.mongo.support.CairnCollections.Role;
import dev.cairn.projections.SourceHeads;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import static org.axonframework.common.BuilderUtils.assertNonNull;

/**
 * Every active tenant's head, read from the registry and the tenants' databases, for measuring a cross-tenant
 * projection in a process that runs no tenant (the command line's {@code projections status}, a health check): the
 * same parts as {@link TenantStreams}, an own-database tenant under its identifier and the shared store once under
 * {@value Tenant#SHARED_STORE}. A tenant whose database does not answer is left out of the measure and listed by
 * {@link #unavailable()} with the driver's reason (after its client's server selection timeout).
 * <pre>{@code
 * ProjectionMonitor monitor = ProjectionMonitor.on(directory, CairnCollections.defaults(),
 *                                                  TenantHeads.on(directory, tenant -> databaseOf(tenant),
 *                                                                 CairnCollections.defaults()));
 * }</pre>
 */
public final class TenantHeads implements SourceHeads {

    private final MongoDatabase directory;
    private final Function<Tenant, MongoDatabase> databases;
    private final CairnCollections collections;
    private final Map<String, String> unavailable = new ConcurrentHashMap<>();

    private TenantHeads(MongoDatabase directory, Function<Tenant, MongoDatabase> databases,
                        CairnCollections collections) {
        this.directory = directory;
        this.databases = databases;
        this.collections = collections;
    }

    /**
     * @param directory   the directory database: its registry lists the tenants, and it holds the shared store
     * @param databases   opens an own-database tenant's database (on its connection string, when it has one)
     * @param collections the names of Cairn's collections in the tenants' databases (the events collection)
     */
    public static TenantHeads on(MongoDatabase directory, Function<Tenant, MongoDatabase> databases,
                                 CairnCollections collections) {
        assertNonNull(directory, "The directory database may not be null");
        assertNonNull(databases, "The tenants' databases may not be null");
        assertNonNull(collections, "The collections may not be null");
        return new TenantHeads(directory, databases, collections);
    }

    /**
     * @param token a {@link TenantStreamsToken} (possibly wrapped, as in a replay), or {@code null}
     * @return by active tenant whose database answered (sorted), its head and the index {@code token} reached there
     * @throws IllegalArgumentException naming the type of a token of another kind
     */
    @Override
    public Map<String, Progress> progress(TrackingToken token) {
        TrackingToken unwrapped = token == null ? null : WrappedToken.unwrapLowerBound(token);
        if (unwrapped != null && !(unwrapped instanceof TenantStreamsToken)) {
            throw new IllegalArgumentException("Every tenant's stream is measured at a TenantStreamsToken, not a "
                                                       + token.getClass().getName());
        }
        TenantStreamsToken at = unwrapped == null ? TenantStreamsToken.empty() : (TenantStreamsToken) unwrapped;
        Map<String, Progress> progress = new TreeMap<>();
        for (TenantStatus listed : TenantDirectory.on(directory).list()) {
            if (!listed.active()) {
                continue;
            }
            Tenant tenant = listed.tenant();
            String part = tenant.shared() ? Tenant.SHARED_STORE : tenant.id();
            if (progress.containsKey(part)) {
                continue; // the shared store is one stream, whatever the number of its tenants
            }
            try {
                long head = head(tenant.shared() ? directory : databases.apply(tenant));
                unavailable.remove(part);
                GapAwareTrackingToken reached = at.position(part);
                progress.put(part, new Progress(head, reached == null ? 0 : reached.getIndex()));
            } catch (RuntimeException e) {
                unavailable.put(part, "tenant [" + part + "]: its database did not answer (" + tenant.describe()
                        + "): " + e.getMessage());
            }
        }
        return progress;
    }

    /** @return the tenants whose head could not be read at the last measure, each with why */
    @Override
    public Map<String, String> unavailable() {
        return Map.copyOf(unavailable);
    }

    private long head(MongoDatabase database) {
        return MongoEventStorageEngine.builder().database(database)
                                      .eventCollectionName(collections.name(Role.EVENTS))
                                      .snapshotCollectionName(collections.name(Role.SNAPSHOTS))
                                      .sequenceCollectionName(collections.name(Role.SEQUENCES))
                                      .build().createHeadToken().position().orElse(0);
    }
}
