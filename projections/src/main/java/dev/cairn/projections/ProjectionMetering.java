package dev.cairn.projections;

import dev.cairn.aggregates.CairnMeters;
import org.axonframework.config.Configuration;

/**
 * Binds {@link ProjectionMeters} for the projections of an application started with Cairn's meters
 * ({@code Cairn.builder().meterRegistry(...)}); loaded only when Micrometer is on the class path.
 */
final class ProjectionMetering {

    static final boolean AVAILABLE = present("io.micrometer.core.instrument.MeterRegistry");

    private ProjectionMetering() {
    }

    static void bind(Configuration configuration, CairnProjections projections) {
        CairnMeters meters = configuration.getComponent(CairnMeters.class);
        if (meters != null) {
            ProjectionMeters.bind(meters.registry(), projections::status, projections.names());
        }
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, ProjectionMetering.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
