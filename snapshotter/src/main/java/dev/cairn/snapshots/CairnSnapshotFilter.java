package dev.cairn.snapshots;

import dev.cairn.snapshots.internal.AggregateTypes;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import static org.axonframework.common.BuilderUtils.assertNonNull;

/**
 * A {@link SnapshotFilter} for the event storage engine that lets a snapshot of a known aggregate class through only
 * when its {@code payloadRevision} equals the class's current {@code @Revision} (like Axon's
 * {@code RevisionSnapshotFilter}), so a revision bump invalidates old snapshots. The aggregate is then rebuilt from its
 * events and the snapshotter replaces the snapshot at the next threshold.
 * <p>
 * Snapshots whose payload no longer deserializes need no filter: {@code MongoEventStorageEngine} ignores them itself,
 * whichever way snapshots are enabled. The extension adds it to the engine's filter with
 * {@code MongoEventStorageEngine.Builder.andSnapshotFilter(...)}, so the application's own filter (Axon's
 * {@code Configuration.snapshotFilter()}, or one set through the entry point's {@code eventStorage(...)}) still
 * applies; elsewhere, combine it with yours ({@code SnapshotFilter.combine}).
 */
public final class CairnSnapshotFilter implements SnapshotFilter {

    private static final Logger logger = LoggerFactory.getLogger(CairnSnapshotFilter.class);

    private final AggregateTypes types;

    private CairnSnapshotFilter(Builder builder) {
        this.types = new AggregateTypes(builder.aggregateTypes);
    }

    /**
     * @return a builder; without aggregate classes the filter lets every snapshot through
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
        return true;
    }

    /**
     * Builds a {@link CairnSnapshotFilter}.
     */
    public static final class Builder {

        private final List<Class<?>> aggregateTypes = new ArrayList<>();

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
    }
}
