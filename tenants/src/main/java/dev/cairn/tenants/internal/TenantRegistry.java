package dev.cairn.tenants.internal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.tenants.Tenant;
import dev.cairn.tenants.TenantStatus;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * The registry collection ({@value CairnCollections#TENANTS}) in the directory database: one readable document per
 * tenant, {@code {_id, placement: "own" | "shared", database?, uri?, state: "active" | "removed", format: 1,
 * changedAt}} (ADR 85); a shared tenant has no database or URI.
 */
public final class TenantRegistry {

    /** The stored format of a registry document; a reader refuses documents of a newer format. */
    public static final int FORMAT = 1;

    private static final String OWN = "own";
    private static final String SHARED = "shared";
    private static final String ACTIVE = "active";
    private static final String REMOVED = "removed";

    private final MongoDatabase directory;
    private final MongoCollection<Document> collection;

    public TenantRegistry(MongoDatabase directory) {
        this.directory = directory;
        this.collection = directory.getCollection(CairnCollections.TENANTS);
    }

    /** @return the directory database: the registry's, and the shared store's */
    public MongoDatabase directory() {
        return directory;
    }

    /** Lists {@code tenant} as active, replacing what the registry held under its identifier. */
    public void add(Tenant tenant) {
        Document document = new Document("_id", tenant.id()).append("placement", tenant.shared() ? SHARED : OWN);
        if (tenant.database() != null) {
            document.append("database", tenant.database());
        }
        if (tenant.connectionString() != null) {
            document.append("uri", tenant.connectionString());
        }
        document.append("state", ACTIVE).append("format", FORMAT).append("changedAt", new Date());
        collection.replaceOne(Filters.eq("_id", tenant.id()), document, new ReplaceOptions().upsert(true));
    }

    /** @return whether the registry listed the tenant as active; it is now listed as removed, its entry kept */
    public boolean remove(String tenantId) {
        return collection.updateOne(Filters.and(Filters.eq("_id", tenantId), Filters.eq("state", ACTIVE)),
                                    Updates.combine(Updates.set("state", REMOVED),
                                                    Updates.set("changedAt", new Date())))
                         .getModifiedCount() > 0;
    }

    /**
     * @return every tenant listed, active or removed, in identifier order (running and lastError left empty)
     * @throws IllegalStateException naming the tenant whose document has a newer format or another placement
     */
    public List<TenantStatus> read() {
        List<TenantStatus> tenants = new ArrayList<>();
        for (Document document : collection.find().sort(new Document("_id", 1))) {
            String id = document.getString("_id");
            int format = document.get("format", Number.class) == null ? 0 : document.get("format", Number.class)
                                                                                      .intValue();
            String placement = document.getString("placement");
            if (format != FORMAT || !(OWN.equals(placement) || SHARED.equals(placement))) {
                throw new IllegalStateException("The registry entry of tenant [" + id + "] has format " + format
                                                        + " and placement [" + document.getString("placement")
                                                        + "]; this release reads format " + FORMAT
                                                        + " with placement [own] or [shared]");
            }
            Tenant tenant = SHARED.equals(placement) ? Tenant.shared(id)
                    : new Tenant(id, document.getString("database"), document.getString("uri"));
            tenants.add(new TenantStatus(tenant, ACTIVE.equals(document.getString("state")), false, null));
        }
        return tenants;
    }
}
