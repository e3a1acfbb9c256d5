package dev.cairn.aggregates;

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
}
