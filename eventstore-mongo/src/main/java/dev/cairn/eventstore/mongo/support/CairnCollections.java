package dev.cairn.eventstore.mongo.support;

import org.axonframework.common.AxonConfigurationException;

import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Every collection Cairn keeps in an application's database, by {@link Role}, with the name an application configured
 * for it (ADR 73): the one description that operators' tools (the {@code cairn} command line's {@code events} and
 * {@code indexes} commands) work from instead of assuming names.
 * <p>
 * The components that own the collections describe them: {@link #defaults()} is the starting point, and each
 * component's builder adds its configured names ({@code MongoEventStorageEngine.Builder.collections(..)},
 * {@code MongoTokenStore.Builder.collections(..)}, ...); {@code Cairn.builder()...collections()} folds the whole
 * application's description, extensions included. Immutable: {@link #with(Role, String)} returns a copy.
 * <p>
 * The constants are the default names, in one place so that modules, the documentation and operators agree; a module
 * adding a collection adds its role and default name here.
 *
 * @param names the name of every role's collection; every role present, names not blank and all different
 */
public record CairnCollections(Map<Role, String> names) {

    /** Commit documents of the event store. */
    public static final String EVENTS = "events";
    /** One snapshot per aggregate. */
    public static final String SNAPSHOTS = "snapshots";
    /** The event store's sequence document: the floor of claimed global indexes. */
    public static final String SEQUENCES = "sequences";
    /** Idempotency keys of commands. */
    public static final String IDEMPOTENCY = "idempotency";
    /** Tracking tokens and claims of projection processors (and of the background snapshotter). */
    public static final String TOKENS = "cairn_tokens";
    /** Dead letters of projections. */
    public static final String DEAD_LETTERS = "cairn_dead_letters";
    /** Operator decisions about projections (paused or not). */
    public static final String PROJECTION_CONTROL = "cairn_projection_control";
    /** The nodes running each projection, for sharing its segments fairly. */
    public static final String PROJECTION_NODES = "cairn_projection_nodes";
    /** Which version of each projection readers use (blue/green rebuilds). */
    public static final String PROJECTION_ALIASES = "cairn_projection_aliases";
    /** One document per live saga: its state, associations and version. */
    public static final String SAGAS = "cairn_sagas";
    /** Scheduled, running and parked deadlines. */
    public static final String DEADLINES = "cairn_deadlines";
    /** Saga events whose handler failed, with the later events of the same saga waiting behind them (ADR 51). */
    public static final String PARKED_SAGA_EVENTS = "cairn_parked_saga_events";
    /** The registry of tenants and where each one's store lives (ADR 85), in the directory database. */
    public static final String TENANTS = "cairn_tenants";

    /**
     * What a collection holds, whatever its name; each role has the default name of the constant of the same name.
     */
    public enum Role {
        /** Commit documents of the event store. */
        EVENTS(CairnCollections.EVENTS),
        /** One snapshot per aggregate. */
        SNAPSHOTS(CairnCollections.SNAPSHOTS),
        /** The floor of claimed global indexes. */
        SEQUENCES(CairnCollections.SEQUENCES),
        /** Idempotency keys of commands. */
        IDEMPOTENCY(CairnCollections.IDEMPOTENCY),
        /** Tracking tokens and claims. */
        TOKENS(CairnCollections.TOKENS),
        /** Dead letters of projections. */
        DEAD_LETTERS(CairnCollections.DEAD_LETTERS),
        /** Operator decisions about projections. */
        PROJECTION_CONTROL(CairnCollections.PROJECTION_CONTROL),
        /** The nodes running each projection. */
        PROJECTION_NODES(CairnCollections.PROJECTION_NODES),
        /** The live version of each projection. */
        PROJECTION_ALIASES(CairnCollections.PROJECTION_ALIASES),
        /** Live sagas. */
        SAGAS(CairnCollections.SAGAS),
        /** Deadlines. */
        DEADLINES(CairnCollections.DEADLINES),
        /** Failed saga events being retried or parked, per saga. */
        PARKED_SAGA_EVENTS(CairnCollections.PARKED_SAGA_EVENTS),
        /** The registry of tenants. */
        TENANTS(CairnCollections.TENANTS);

        private final String defaultName;

        Role(String defaultName) {
            this.defaultName = defaultName;
        }

        /** @return the name of this role's collection unless an application configures another */
        public String defaultName() {
            return defaultName;
        }
    }

    private static final CairnCollections DEFAULTS = defaultNames();

    /**
     * @throws AxonConfigurationException naming the role whose name is missing or blank, or the roles that share a
     *                                     name
     */
    public CairnCollections {
        if (names == null) {
            throw new AxonConfigurationException("The collection names may not be null");
        }
        Map<Role, String> copy = new EnumMap<>(Role.class);
        Map<String, Role> byName = new HashMap<>();
        for (Role role : Role.values()) {
            String name = names.get(role);
            if (name == null || name.isBlank()) {
                throw new AxonConfigurationException("The name of the " + role + " collection may not be null or "
                                                             + "blank");
            }
            Role other = byName.putIfAbsent(name, role);
            if (other != null) {
                throw new AxonConfigurationException("The " + other + " and " + role + " collections are both named ["
                                                             + name + "]: each needs its own collection");
            }
            copy.put(role, name);
        }
        names = Collections.unmodifiableMap(copy);
    }

    /** @return every role with its default name */
    public static CairnCollections defaults() {
        return DEFAULTS;
    }

    /** @return the name of {@code role}'s collection */
    public String name(Role role) {
        if (role == null) {
            throw new AxonConfigurationException("The collection role may not be null");
        }
        return names.get(role);
    }

    /**
     * @return a copy in which {@code role}'s collection is named {@code name}
     * @throws AxonConfigurationException when the name is blank or another role's collection already has it
     */
    public CairnCollections with(Role role, String name) {
        if (role == null) {
            throw new AxonConfigurationException("The collection role may not be null");
        }
        Map<Role, String> changed = new EnumMap<>(names);
        changed.put(role, name);
        return new CairnCollections(changed);
    }

    private static CairnCollections defaultNames() {
        Map<Role, String> names = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            names.put(role, role.defaultName());
        }
        return new CairnCollections(names);
    }
}
