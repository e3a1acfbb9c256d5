package dev.cairn.aggregates.internal;

import dev.cairn.aggregates.CairnExtension;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import org.axonframework.config.Configurer;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The settings of the entry point's builder once validated, as one immutable value: what the assembly of an
 * application reads. Collections keep the order the builder was given them in (extensions, customizations and
 * upcasters run in that order).
 *
 * @param target                where the events live
 * @param startupTimeout        how long start-up waits for MongoDB to answer
 * @param aggregates            the aggregate classes
 * @param thresholds            the builder's snapshot thresholds, by aggregate class
 * @param extensions            the extensions, in the order added
 * @param customizations        the escape hatches to Axon's configurer
 * @param storageCustomizations the adjustments of the event storage engine
 * @param upcasters             the event upcasters
 * @param allowedPackages       the packages stored types may name, besides the defaults
 * @param serializer            the serializer, {@code null} for Cairn's default
 * @param aggregateCacheSize    aggregates cached per type, 0 without a cache
 * @param idempotencyRetention  how long an idempotency key is kept
 * @param idempotencyWait       how long a duplicate waits for the first execution's outcome
 * @param idempotencyLease      how long an executing send holds its key without renewing it
 * @param indexCreation         whether components create their indexes
 */
public record CairnSettings(MongoTarget target, Duration startupTimeout, Set<Class<?>> aggregates,
                            Map<Class<?>, Integer> thresholds, List<CairnExtension> extensions,
                            List<Consumer<Configurer>> customizations,
                            List<Consumer<MongoEventStorageEngine.Builder>> storageCustomizations,
                            List<EventUpcaster> upcasters, List<String> allowedPackages, Serializer serializer,
                            int aggregateCacheSize, Duration idempotencyRetention, Duration idempotencyWait,
                            Duration idempotencyLease, boolean indexCreation) {

    public CairnSettings {
        aggregates = Collections.unmodifiableSet(new LinkedHashSet<>(aggregates));
        thresholds = Collections.unmodifiableMap(new LinkedHashMap<>(thresholds));
        extensions = List.copyOf(extensions);
        customizations = List.copyOf(customizations);
        storageCustomizations = List.copyOf(storageCustomizations);
        upcasters = List.copyOf(upcasters);
        allowedPackages = List.copyOf(allowedPackages);
    }
}
