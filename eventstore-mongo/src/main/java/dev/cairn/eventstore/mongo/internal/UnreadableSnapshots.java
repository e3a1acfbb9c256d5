package dev.cairn.eventstore.mongo.internal;

import com.fasterxml.jackson.databind.JsonMappingException;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.serialization.UnknownSerializedType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A snapshot is a cache: when its payload no longer deserializes (a field changed type, its class is gone or not
 * allowed) it is ignored and the aggregate is loaded from its events. Each unreadable snapshot is reported once, naming
 * the field and the reason, and counted.
 */
public final class UnreadableSnapshots {

    private static final Logger logger = LoggerFactory.getLogger(UnreadableSnapshots.class);
    private static final int REMEMBERED = 10_000;

    private final LongAdder ignored = new LongAdder();
    /** aggregate identifier → sequence number of its last reported snapshot */
    private final Map<String, Long> reported = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED;
        }
    };

    /**
     * Deserializes the snapshot's payload now (Axon does it lazily, inside the command) to tell whether it can be used.
     */
    public boolean usable(DomainEventMessage<?> snapshot) {
        try {
            Object payload = snapshot.getPayload();
            if (payload instanceof UnknownSerializedType unknown) {
                ignore(snapshot, "its type [" + unknown.serializedType().getName()
                        + "] is not on the class path or not among the allowed types");
                return false;
            }
            return true;
        } catch (RuntimeException | LinkageError e) {
            ignore(snapshot, reason(e));
            return false;
        }
    }

    /**
     * @return how many times a snapshot was ignored because it could not be read
     */
    public long ignoredCount() {
        return ignored.sum();
    }

    private void ignore(DomainEventMessage<?> snapshot, String reason) {
        ignored.increment();
        Long previous;
        synchronized (reported) {
            previous = reported.put(snapshot.getAggregateIdentifier(), snapshot.getSequenceNumber());
        }
        if (previous == null || previous != snapshot.getSequenceNumber()) {
            logger.warn("Ignoring the snapshot of aggregate [{}] of type [{}] at sequence [{}]: {}. The aggregate is "
                                + "loaded from its events until it is snapshotted again; this is reported once per "
                                + "snapshot.", snapshot.getAggregateIdentifier(), snapshot.getType(),
                        snapshot.getSequenceNumber(), reason);
        }
    }

    static String reason(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
                return "field '" + path(mapping) + "' cannot be read: " + mapping.getOriginalMessage();
            }
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return "it cannot be deserialized: " + root;
    }

    private static String path(JsonMappingException mapping) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : mapping.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
