package dev.cairn.snapshots;

import dev.cairn.snapshots.internal.AggregateTypes;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import static org.axonframework.common.BuilderUtils.assertNonNull;

/**
 * A {@link SnapshotFilter} for the event storage engine that lets a snapshot through only when it can be used:
 * <ul>
 *     <li>for a known aggregate class, its {@code payloadRevision} must equal the class's current
 *     {@code @Revision} (like Axon's {@code RevisionSnapshotFilter}), so a revision bump invalidates old
 *     snapshots;</li>
 *     <li>its payload must deserialize. Axon deserializes snapshots lazily, so without this check a snapshot that no
 *     longer fits its class would fail the command loading the aggregate.</li>
 * </ul>
 * A rejected snapshot is logged (warning, naming the aggregate) and the aggregate is rebuilt from its events; the
 * snapshotter replaces the snapshot at the next threshold. Pass it to
 * {@code MongoEventStorageEngine.builder().snapshotFilter(...)}, combined with Axon's
 * {@code Configuration.snapshotFilter()} if aggregates configure their own filters.
 */
public final class CairnSnapshotFilter implements SnapshotFilter {

    private static final Logger logger = LoggerFactory.getLogger(CairnSnapshotFilter.class);

    private final Serializer serializer;
    private final AggregateTypes types;

    private CairnSnapshotFilter(Builder builder) {
        builder.validate();
        this.serializer = builder.serializer;
        this.types = new AggregateTypes(builder.aggregateTypes);
    }

    /**
     * @return a builder; the serializer is required
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean test(DomainEventData<?> snapshot) {
        Class<?> type = types.classOf(snapshot.getType());
        String storedRevision = snapshot.getPayload().getType().getRevision();
        if (type != null && !Objects.equals(storedRevision, AggregateTypes.revision(type))) {
            logger.debug("Ignoring the snapshot of aggregate [{}]: revision [{}], class [{}] is at revision [{}]",
                         snapshot.getAggregateIdentifier(), storedRevision, type.getName(),
                         AggregateTypes.revision(type));
            return false;
        }
        try {
            serializer.deserialize(snapshot.getPayload());
            return true;
        } catch (RuntimeException | LinkageError e) {
            logger.warn("Ignoring the snapshot of aggregate [{}] of type [{}] at sequence [{}]: it cannot be "
                                + "deserialized ({}); the aggregate is loaded from its events",
                        snapshot.getAggregateIdentifier(), snapshot.getType(), snapshot.getSequenceNumber(),
                        e.toString());
            return false;
        }
    }

    /**
     * Builds a {@link CairnSnapshotFilter}.
     */
    public static final class Builder {

        private Serializer serializer;
        private final List<Class<?>> aggregateTypes = new ArrayList<>();

        /**
         * Sets the serializer snapshots are stored with (the engine's snapshot serializer). Required.
         */
        public Builder serializer(Serializer serializer) {
            assertNonNull(serializer, "The snapshot Serializer may not be null");
            this.serializer = serializer;
            return this;
        }

        /**
         * Adds aggregate classes whose snapshots must carry the class's current {@code @Revision}.
         */
        public Builder aggregateTypes(Collection<Class<?>> types) {
            assertNonNull(types, "The aggregate types may not be null");
            types.forEach(type -> assertNonNull(type, "An aggregate type may not be null"));
            aggregateTypes.addAll(types);
            return this;
        }

        public CairnSnapshotFilter build() {
            return new CairnSnapshotFilter(this);
        }

        void validate() throws AxonConfigurationException {
            assertNonNull(serializer, "The snapshot Serializer is a hard requirement and should be provided");
        }
    }
}
