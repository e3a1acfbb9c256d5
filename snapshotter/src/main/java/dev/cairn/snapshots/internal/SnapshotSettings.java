package dev.cairn.snapshots.internal;

import com.mongodb.client.MongoDatabase;
import dev.cairn.processing.MongoTokenStore;
import dev.cairn.snapshots.BackgroundOptions;
import dev.cairn.snapshots.SnapshotterOptions;
import org.axonframework.serialization.Serializer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The settings of a {@code CairnSnapshots} builder as one immutable value, what its wiring reads.
 *
 * @param snapshotter              how the snapshotter runs
 * @param background               whether the background snapshotter runs in the application
 * @param backgroundOptions        how the background snapshotter follows the event stream
 * @param tokenStoreCustomizations adjustments of the token store holding the background position
 * @param thresholds               the thresholds set on the builder, by aggregate class
 * @param database                 the event store's database, {@code null} to take the application's
 * @param serializer               the serializer of background positions, {@code null} to take the application's
 */
public record SnapshotSettings(SnapshotterOptions snapshotter, boolean background, BackgroundOptions backgroundOptions,
                               List<Consumer<MongoTokenStore.Builder>> tokenStoreCustomizations,
                               Map<Class<?>, Integer> thresholds, MongoDatabase database, Serializer serializer) {

    public SnapshotSettings {
        tokenStoreCustomizations = List.copyOf(tokenStoreCustomizations);
        thresholds = Collections.unmodifiableMap(new LinkedHashMap<>(thresholds));
    }
}
