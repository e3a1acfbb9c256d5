package dev.cairn.spring.boot;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import java.util.Map;

/**
 * Actuator endpoint {@code cairn} ({@code /actuator/cairn} once exposed with
 * {@code management.endpoints.web.exposure.include}): what {@code cairn projections status --json} prints, read from
 * the same storage.
 */
@Endpoint(id = "cairn")
public class CairnEndpoint {

    private final CairnStatus status;

    public CairnEndpoint(CairnStatus status) {
        this.status = status;
    }

    /** @return {@code {"projections": [...]}}, one document per projection */
    @ReadOperation
    public Map<String, Object> projections() {
        return status.document();
    }
}
