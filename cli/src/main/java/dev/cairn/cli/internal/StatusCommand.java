package dev.cairn.cli.internal;

import com.mongodb.client.model.Projections;
import dev.cairn.projections.ProjectionMonitor;
import dev.cairn.projections.ProjectionStatus;
import dev.cairn.projections.RebuildProgress;
import dev.cairn.projections.SegmentStatus;
import org.bson.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code cairn projections status [NAME] [--watch]}: read from storage only.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Where the projections of the database stand (those with stored tokens): state, live version, position, head, lag, age "
                + "of the oldest unprocessed event, dead letters, rebuild progress. With NAME: its segments too.")
final class StatusCommand extends CairnCommand {

    static final List<String> HEADERS = List.of("PROJECTION", "STATE", "VERSION", "POSITION", "HEAD", "LAG", "OLDEST",
                                                "DEAD LETTERS", "REBUILD");

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "One projection (default: all).")
    String name;

    @Option(names = "--watch", description = "Print the status again every --interval seconds until interrupted.")
    boolean watch;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "2",
            description = "Seconds between two reports with --watch (default: ${DEFAULT-VALUE}).")
    double interval;

    @Option(names = "--times", paramLabel = "N", hidden = true, description = "Stop --watch after N reports.")
    Integer times;

    StatusCommand(Session session) {
        super(session);
    }

    @Override
    int execute() throws InterruptedException {
        if (interval <= 0) {
            throw CliException.usage("--interval must be positive, not " + interval);
        }
        ProjectionMonitor monitor = ProjectionMonitor.on(session.database(), session.collections());
        List<String> names = name == null ? session.reportedProjections() : List.of(session.requireKnown(name));
        // a projection across tenants is measured on each tenant's head, read from the registry's tenants (ADR 85)
        List<String> acrossTenants = names.stream().filter(session.acrossTenants()::reads).toList();
        ProjectionMonitor tenantsMonitor = acrossTenants.isEmpty() ? null : ProjectionMonitor.on(
                session.database(), session.collections(), session.acrossTenants().heads());
        Output output = output();
        for (int report = 1; ; report++) {
            List<ProjectionStatus> statuses = names.stream().map(
                    projection -> acrossTenants.contains(projection) ? tenantsMonitor.status(projection)
                            : monitor.status(projection)).toList();
            Map<String, Long> parked = parkedSagaEvents(session);
            if (output.json()) {
                Object document = Documents.of("projections", statuses.stream().map(status -> Documents.status(
                        status, parked.getOrDefault(status.name(), 0L))).toList());
                if (watch) {
                    output.line(document);
                } else {
                    output.document(document);
                }
            } else {
                if (watch) {
                    output.text((report > 1 ? System.lineSeparator() : "") + Output.time(Instant.now())
                                        + " UTC, every " + seconds(interval) + " (Ctrl-C to stop)");
                }
                print(output, statuses, parked, name != null);
            }
            if (!watch || (times != null && report >= times)) {
                return 0;
            }
            Thread.sleep((long) (interval * 1000));
        }
    }

    /**
     * @return per saga processor, how many saga events wait behind a failed one (ADR 51): a saga processor's dead
     * letters, shown in the same column
     */
    static Map<String, Long> parkedSagaEvents(Session session) {
        Map<String, Long> counts = new HashMap<>();
        for (Document saga : SagasCommand.parked(session).find()
                                         .projection(Projections.include("processingGroup", "events"))) {
            List<Document> events = saga.getList("events", Document.class);
            counts.merge(String.valueOf(saga.getString("processingGroup")), events == null ? 0L : events.size(),
                         Long::sum);
        }
        return counts;
    }

    private static void print(Output output, List<ProjectionStatus> statuses, Map<String, Long> parked,
                              boolean details) {
        if (statuses.isEmpty()) {
            output.text("No projections: none with stored tokens in this database.");
            return;
        }
        output.table(HEADERS, statuses.stream().map(status -> row(status, parked.getOrDefault(status.name(), 0L)))
                                      .toList());
        if (details) {
            ProjectionStatus status = statuses.get(0);
            List<List<String>> segments = new ArrayList<>();
            for (SegmentStatus segment : status.segments()) {
                segments.add(List.of(String.valueOf(segment.segment()), Output.orDash(segment.position()),
                                     Output.orDash(segment.owner()), Output.time(segment.claimExpiresAt()),
                                     segment.replaying() ? "yes, until " + segment.replayTarget() : "no"));
            }
            output.text("");
            if (segments.isEmpty()) {
                output.text("No stored segments: the projection has not run yet.");
            } else {
                output.table(List.of("SEGMENT", "POSITION", "OWNER", "CLAIM EXPIRES (UTC)", "REPLAYING"), segments);
            }
            if (!status.partLag().isEmpty()) {
                output.text("");
                output.table(List.of("TENANT", "LAG"), status.partLag().entrySet().stream()
                                                              .map(part -> List.of(part.getKey(),
                                                                                   Output.count(part.getValue())))
                                                              .toList());
            }
            RebuildProgress rebuild = status.rebuild();
            if (rebuild != null) {
                output.text("");
                output.text("Rebuild: " + rebuild.mode() + " to version " + rebuild.version() + ", " + rebuild.phase()
                                    + ", " + progress(rebuild) + ", started " + Output.time(rebuild.startedAt())
                                    + " UTC by " + rebuild.by());
            }
            if (status.lastError() != null) {
                output.text("");
                output.text("Last error: " + status.lastError());
            }
        }
    }

    /** @param parkedSagaEvents the saga events parked on a saga processor, counted with its dead letters */
    static List<String> row(ProjectionStatus status, long parkedSagaEvents) {
        RebuildProgress rebuild = status.rebuild();
        return List.of(status.name(), status.state().name(), String.valueOf(status.version()),
                       Output.count(status.position()), Output.count(status.head()), Output.count(status.lagEvents()),
                       Output.age(status.oldestUnprocessedAge()), Output.count(status.deadLetters() + parkedSagaEvents),
                       rebuild == null ? "-" : rebuild.mode() + " v" + rebuild.version() + " " + rebuild.phase() + " "
                               + progress(rebuild));
    }

    static String progress(RebuildProgress rebuild) {
        return Output.count(rebuild.done()) + "/" + Output.count(rebuild.total()) + " (" + percent(rebuild) + ")";
    }

    /** @return the share done in whole percent, rounded down: 100% only when complete */
    static String percent(RebuildProgress rebuild) {
        return String.format(Locale.ROOT, "%d%%", (long) Math.floor(rebuild.fraction() * 100));
    }

    private static String seconds(double interval) {
        return interval == Math.rint(interval) ? (long) interval + "s" : interval + "s";
    }
}
