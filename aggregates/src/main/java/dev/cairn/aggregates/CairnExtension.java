package dev.cairn.aggregates;

import dev.cairn.eventstore.mongo.support.CairnCollections;

/**
 * Plugs a module (snapshots, projections, sagas, ...) into the Cairn entry point without {@code cairn-aggregates}
 * depending on it: pass an instance to the builder's {@code extension(...)} method.
 */
@FunctionalInterface
public interface CairnExtension {

    /**
     * Called once while the application starts: after Cairn has registered the event store, serializer and
     * aggregates on the Axon configurer, before the Axon configuration is built and started.
     *
     * @param setup what the extension may read and adjust
     */
    void configure(CairnSetup setup);

    /**
     * Describes the collections the extension's components use, with their configured names (ADR 73), without
     * configuring anything: operators' tools ({@link Cairn.Builder#collections()}) call it on an application that is
     * not started.
     *
     * @param collections the application's collections as described so far
     * @return {@code collections} with this extension's names; by default unchanged (the default names)
     */
    default CairnCollections collections(CairnCollections collections) {
        return collections;
    }
}
