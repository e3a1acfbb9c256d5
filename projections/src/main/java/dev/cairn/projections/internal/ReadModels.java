package dev.cairn.projections.internal;

import com.mongodb.client.MongoDatabase;
import dev.cairn.processing.MongoTokenStore;
import dev.cairn.projections.ReadModel;
import dev.cairn.projections.internal.handlers.Projection;
import dev.cairn.projections.internal.handlers.ReadModelParameterResolverFactory;
import dev.cairn.projections.internal.versions.VersionWatcher;
import org.axonframework.eventhandling.TrackingToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The read models of an application's projections, two per projection: the one its handlers write, in the version
 * their processor is pinned to, and the one readers use, in the live version (ADR 42); both resolve the version at
 * each call.
 */
final class ReadModels {

    private static final Logger logger = LoggerFactory.getLogger(ReadModels.class);

    private final Map<String, ReadModel> written = new LinkedHashMap<>();
    private final Map<String, ReadModel> read = new LinkedHashMap<>();
    private final Map<Class<?>, ReadModel> byHandlerType = new LinkedHashMap<>();

    ReadModels(Collection<Projection> projections, MongoDatabase database, VersionWatcher versions,
               boolean indexCreation) {
        for (Projection projection : projections) {
            String name = projection.name();
            ReadModel handlers = ReadModel.of(name, database, projection.options().collections(),
                                              () -> versions.pinned(name), indexCreation);
            written.put(name, handlers);
            read.put(name, ReadModel.of(name, database, projection.options().collections(),
                                        () -> versions.live(name), indexCreation));
            byHandlerType.put(projection.handler().getClass(), handlers);
        }
    }

    /** @return the read model the handlers of {@code name} write: the version their processor is pinned to */
    ReadModel written(String name) {
        return written.get(name);
    }

    /** @return the read model readers of {@code name} use: the live version */
    ReadModel read(String name) {
        return read.get(name);
    }

    /** @return resolves a handler's {@link ReadModel} parameter to the read model its projection writes */
    ReadModelParameterResolverFactory parameters() {
        return new ReadModelParameterResolverFactory(byHandlerType);
    }

    /** Removes the markers of events whose tokens were stored (left by a node that died right after storing one). */
    void sweepMarkers(MongoTokenStore tokens, VersionWatcher versions) {
        written.forEach((name, readModel) -> {
            Map<Integer, TrackingToken> stored = new LinkedHashMap<>();
            tokens.segments(versions.processorName(name))
                  .forEach(segment -> stored.put(segment.segment(), segment.token()));
            long removed = readModel.sweepMarkers(stored);
            if (removed > 0) {
                logger.info("Projection [{}]: removed {} markers of events whose tokens were stored", name, removed);
            }
        });
    }
}
