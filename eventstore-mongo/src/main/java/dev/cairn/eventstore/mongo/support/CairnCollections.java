package dev.cairn.eventstore.mongo.support;

/**
 * The default names of the collections Cairn keeps in an application's database, in one place so that modules,
 * the documentation and operators agree. Each name can be changed on the builder of the component that owns the
 * collection; a module adding a collection adds its default name here.
 */
public final class CairnCollections {

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

    private CairnCollections() {
    }
}
