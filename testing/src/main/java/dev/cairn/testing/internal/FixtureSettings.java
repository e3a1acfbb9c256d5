package dev.cairn.testing.internal;

import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.EventTypeCheck;
import dev.cairn.eventstore.mongo.AllowedTypes;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a fixture run needs to know. Internal to Cairn.
 *
 * @param aggregateType      the aggregate class
 * @param serializer         the event serializer
 * @param snapshotSerializer the snapshot serializer
 * @param serializationCheck whether events must survive serialization
 * @param snapshotCheck      whether the state after given must survive the snapshot serializer
 * @param immutabilityCheck  whether event types must be immutable
 * @param database           the database for MongoDB runs, or {@code null} for a scratch database
 * @param snapshotThreshold  the snapshot threshold for MongoDB runs
 * @param resources          injectable resources for command handlers
 * @param upcasters          the upcasters of MongoDB runs' event store
 * @param allowedPackages    further packages whose classes stored documents may name, on MongoDB
 */
public record FixtureSettings<T>(Class<T> aggregateType, Serializer serializer, Serializer snapshotSerializer,
                                 boolean serializationCheck, boolean snapshotCheck, boolean immutabilityCheck,
                                 MongoDatabase database, int snapshotThreshold, List<Object> resources,
                                 List<EventUpcaster> upcasters, List<String> allowedPackages) {

    public FixtureSettings {
        resources = List.copyOf(resources);
        upcasters = List.copyOf(upcasters);
        allowedPackages = List.copyOf(allowedPackages);
    }

    /**
     * @return the stored types the application of a MongoDB run may read, as the entry point computes them: Cairn's
     * defaults, the packages of the aggregate and of the events it sources, and {@link #allowedPackages()}
     */
    public AllowedTypes allowedTypes() {
        Set<Class<?>> types = new LinkedHashSet<>(EventTypeCheck.sourcedEventTypes(aggregateType));
        types.add(aggregateType);
        return AllowedTypes.cairnDefaults().withPackagesOf(types).withPackages(allowedPackages);
    }

    /**
     * Runs the per-event checks that are switched on.
     */
    public void checkEvent(Object payload) {
        if (immutabilityCheck) {
            RoundTripChecks.eventTypeIsImmutable(payload.getClass(), aggregateType);
        }
        if (serializationCheck) {
            RoundTripChecks.eventSurvivesSerialization(payload, serializer);
        }
    }

    /**
     * Runs the snapshot check when switched on.
     */
    public void checkSnapshot(Object aggregate) {
        if (snapshotCheck) {
            RoundTripChecks.aggregateSurvivesSnapshot(aggregate, snapshotSerializer);
        }
    }
}
