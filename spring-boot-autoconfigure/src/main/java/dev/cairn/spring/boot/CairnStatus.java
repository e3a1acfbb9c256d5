package dev.cairn.spring.boot;

import com.mongodb.client.model.Projections;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.projections.ProjectionMonitor;
import dev.cairn.projections.ProjectionStatus;
import dev.cairn.projections.ProjectionStatusDocument;
import org.bson.Document;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the health indicator and the {@code cairn} endpoint read: every projection (and saga processor) with stored
 * tokens, with this process's processors' errors, as {@link ProjectionMonitor} reports it.
 *
 * @param mongo   the database
 * @param monitor the monitor on its tokens and events
 */
public record CairnStatus(CairnMongo mongo, ProjectionMonitor monitor) {

    /** @return the status of every projection, by name */
    public List<ProjectionStatus> projections() {
        return monitor.status();
    }

    /**
     * @return {@code {"projections": [...]}} in the shape of {@code cairn projections status --json}, saga events
     * parked behind a failed one counted with their processor's dead letters (as the CLI counts them)
     */
    public Map<String, Object> document() {
        Map<String, Long> parked = parkedSagaEvents();
        return Map.of("projections", projections().stream().map(status -> ProjectionStatusDocument.of(
                status, parked.getOrDefault(status.name(), 0L))).toList());
    }

    private Map<String, Long> parkedSagaEvents() {
        Map<String, Long> counts = new HashMap<>();
        for (Document saga : mongo.database().getCollection(CairnCollections.PARKED_SAGA_EVENTS).find()
                                  .projection(Projections.include("processingGroup", "events"))) {
            List<Document> events = saga.getList("events", Document.class);
            counts.merge(String.valueOf(saga.getString("processingGroup")), events == null ? 0L : events.size(),
                         Long::sum);
        }
        return counts;
    }
}
