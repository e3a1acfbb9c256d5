package dev.cairn.cli.internal;

import dev.cairn.migration.AxonMongoFields;
import dev.cairn.migration.AxonMongoMigration;
import dev.cairn.migration.MigrationProgress;
import dev.cairn.migration.MigrationRefusedException;
import dev.cairn.migration.MigrationReport;
import dev.cairn.migration.NotAnAxonMongoStoreException;
import dev.cairn.migration.SourceStrategy;
import dev.cairn.migration.Verification;
import dev.cairn.projections.RebuildMode;
import dev.cairn.projections.RebuildProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code cairn migrate from-axon-mongo --source-uri URI --source-database DB ...}: copies what the target does not
 * hold yet from an event store of Axon's Mongo extension (ADR 82), showing progress, then optionally verifies. Running
 * it again continues an interrupted run or copies the events that reached the source since (the cut-over's delta).
 */
@Command(name = "from-axon-mongo", mixinStandardHelpOptions = true,
        description = {"Copy an axon-mongo event store into Cairn (the target: --mongo-uri / --database): events in "
                + "the source's order, the latest snapshot per aggregate, every tracking processor's position. "
                + "Payloads are never deserialized.",
                "Run it again to resume after Ctrl-C, or to copy only the events added since (found by event "
                        + "identifier). Exit 1 when --verify finds a difference (named) or the target holds other "
                        + "events; 2 when the source is not an axon-mongo store."})
final class FromAxonMongoCommand extends CairnCommand {

    static final String NAME = "migrate from-axon-mongo";

    @Option(names = "--source-uri", required = true, paramLabel = "URI",
            description = "Connection string of the axon-mongo database. Its password is never printed.")
    String sourceUri;

    @Option(names = "--source-database", required = true, paramLabel = "DB", description = "The axon-mongo database.")
    String sourceDatabase;

    @Option(names = "--events-collection", paramLabel = "NAME", defaultValue = "domainevents",
            description = "The source's event collection (default: ${DEFAULT-VALUE}).")
    String eventsCollection;

    @Option(names = "--snapshots-collection", paramLabel = "NAME", defaultValue = "snapshotevents",
            description = "The source's snapshot collection (default: ${DEFAULT-VALUE}).")
    String snapshotsCollection;

    @Option(names = "--tokens-collection", paramLabel = "NAME", defaultValue = "trackingtokens",
            description = "The source's token collection (default: ${DEFAULT-VALUE}).")
    String tokensCollection;

    @Option(names = "--sagas-collection", paramLabel = "NAME", defaultValue = "sagas",
            description = "The source's saga store collection (default: ${DEFAULT-VALUE}).")
    String sagasCollection;

    @Option(names = "--dead-letters-collection", paramLabel = "NAME", defaultValue = "deadletters",
            description = "The source's dead-letter queue collection (default: ${DEFAULT-VALUE}).")
    String deadLettersCollection;

    @Option(names = "--document-per-commit",
            description = "The source used DocumentPerCommitStorageStrategy (default: document per event).")
    boolean documentPerCommit;

    @Option(names = "--field", paramLabel = "FIELD=NAME",
            description = "A source field renamed through the extension's EventEntryConfiguration, named as "
                    + "there, e.g. --field payload=data (an unknown one is refused listing the known ones).")
    Map<String, String> fields = new LinkedHashMap<>();

    @Option(names = "--look-back", paramLabel = "MILLIS", defaultValue = "1000",
            description = "The source storage strategy's look-back time, which its tokens depend on (default: "
                    + "${DEFAULT-VALUE}).")
    long lookBackMillis;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1000",
            description = "Events per batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--skip-snapshots", description = "Leave the snapshots behind (Cairn re-creates them).")
    boolean skipSnapshots;

    @Option(names = "--dry-run", description = "Only report what would be copied; write nothing.")
    boolean dryRun;

    @Option(names = "--verify", description = "Compare source and target afterwards; exit 1 naming the first "
            + "difference.")
    boolean verify;

    @Mixin
    ProgressOptions progressOptions;

    FromAxonMongoCommand(Session session) {
        super(session);
    }

    @Override
    int execute() {
        if (batchSize < 1) {
            throw CliException.usage("--batch-size must be positive, not " + batchSize);
        }
        if (lookBackMillis < 0) {
            throw CliException.usage("--look-back must not be negative, not " + lookBackMillis);
        }
        String progress = progressOptions.display();
        AxonMongoFields sourceFields = sourceFields();
        Instant started = Instant.now();
        try (ProgressView view = ProgressView.forMigration(session.json() ? "none" : progress, session.terminal(),
                                                           session.err(), NAME,
                                                           progressOptions.interval())) {
            AxonMongoMigration migration =
                    AxonMongoMigration.builder()
                                      .sourceDatabase(session.sourceDatabase(sourceUri, sourceDatabase))
                                      .targetDatabase(session.database())
                                      .targetCollections(session.collections())
                                      .eventsCollection(eventsCollection)
                                      .snapshotsCollection(snapshotsCollection)
                                      .tokensCollection(tokensCollection)
                                      .sagasCollection(sagasCollection)
                                      .deadLettersCollection(deadLettersCollection)
                                      .fields(sourceFields)
                                      .strategy(documentPerCommit ? SourceStrategy.DOCUMENT_PER_COMMIT
                                                        : SourceStrategy.DOCUMENT_PER_EVENT)
                                      .lookBackTime(Duration.ofMillis(lookBackMillis))
                                      .batchSize(batchSize)
                                      .skipSnapshots(skipSnapshots)
                                      .dryRun(dryRun)
                                      .progressListener(p -> view.update(asRebuildProgress(p, started)))
                                      .build();
            MigrationReport report = migration.run();
            Verification verification = verify ? migration.verify() : null;
            view.close();
            print(report, verification);
            if (verification != null && !verification.matches()) {
                throw CliException.failure("Verification failed: " + verification.firstDifference()
                                                   + (verification.differences().size() + verification.sourceProblems()
                                                                                                        .size() > 1
                        ? " (and " + (verification.differences().size() + verification.sourceProblems().size() - 1)
                                + " more)" : ""));
            }
            return ExitCodes.OK;
        } catch (NotAnAxonMongoStoreException e) {
            throw CliException.usage(e.getMessage());
        } catch (MigrationRefusedException e) {
            throw CliException.failure(e.getMessage() + "; nothing was written");
        }
    }

    private AxonMongoFields sourceFields() {
        fields.forEach((field, name) -> {
            if (name == null || name.isBlank()) {
                throw CliException.usage("--field " + field + " needs a name: --field " + field + "=NAME");
            }
        });
        try {
            return AxonMongoFields.defaults().renamed(fields);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--field: " + e.getMessage());
        }
    }

    /** The progress display shows rebuilds; a migration's progress is presented in its terms. */
    private static RebuildProgress asRebuildProgress(MigrationProgress progress, Instant started) {
        return new RebuildProgress(NAME, RebuildMode.IN_PLACE, 0, progress.phase(), progress.done(),
                                   progress.total(), started, NAME);
    }

    private void print(MigrationReport report, Verification verification) {
        Output output = output();
        double seconds = report.elapsed().toNanos() / 1e9;
        if (output.json()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("dryRun", report.dryRun());
            document.put("sourceEvents", report.sourceEvents());
            document.put("copiedEvents", report.copiedEvents());
            document.put("alreadyCopied", report.alreadyCopied());
            document.put("duplicateEvents", report.duplicateEvents());
            document.put("conflictingEvents", report.conflictingEvents());
            document.put("snapshots", report.snapshots());
            document.put("tokenSegments", report.tokenSegments());
            document.put("sagas", report.sagas());
            document.put("endedSagas", report.endedSagas());
            document.put("deadLetters", report.deadLetters());
            document.put("deadlinesNotMoved", report.deadlines());
            document.put("firstCopiedIndex", report.firstGlobalIndex());
            document.put("lastCopiedIndex", report.lastGlobalIndex());
            document.put("seconds", Math.round(seconds * 1000) / 1000.0);
            document.put("eventsPerSecond", Math.round(report.eventsPerSecond()));
            document.put("notCarriedOver", report.notCarriedOver());
            if (verification != null) {
                Map<String, Object> verified = new LinkedHashMap<>();
                verified.put("matches", verification.matches());
                verified.put("aggregates", verification.aggregates());
                verified.put("sourceEvents", verification.sourceEvents());
                verified.put("targetEvents", verification.targetEvents());
                verified.put("sampledAggregates", verification.sampledAggregates());
                verified.put("firstDifference", verification.firstDifference());
                verified.put("differences", verification.differences());
                verified.put("sourceProblems", verification.sourceProblems());
                document.put("verification", verified);
            }
            output.document(document);
            return;
        }
        StringBuilder text = new StringBuilder();
        text.append(report.dryRun() ? "Dry run: would copy " : "Copied ").append(Output.count(report.copiedEvents()))
            .append(" of ").append(Output.count(report.sourceEvents())).append(" source events (")
            .append(Output.count(report.alreadyCopied())).append(" already copied)")
            .append(report.copiedEvents() > 0 && !report.dryRun()
                            ? " to global indexes " + report.firstGlobalIndex() + ".." + report.lastGlobalIndex() : "")
            .append(String.format(Locale.ROOT, " in %.1f s (%s events/s); ", seconds,
                                  ProgressView.Rate.format(report.eventsPerSecond())))
            .append(Output.count(report.snapshots())).append(skipSnapshots ? " snapshots (skipped)" : " snapshots")
            .append(", ").append(Output.count(report.tokenSegments())).append(" token segments, ")
            .append(Output.count(report.sagas())).append(" sagas (").append(Output.count(report.endedSagas()))
            .append(" ended since the last run), ").append(Output.count(report.deadLetters()))
            .append(" dead letters.");
        if (!report.duplicateEvents().isEmpty()) {
            text.append(System.lineSeparator()).append("Duplicate source event identifiers (first copy kept): ")
                .append(report.duplicateEvents());
        }
        for (String conflict : report.conflictingEvents()) {
            text.append(System.lineSeparator()).append("Not copied, sequence number taken: ").append(conflict);
        }
        for (String deadline : report.deadlines()) {
            text.append(System.lineSeparator()).append("Deadline not moved: ").append(deadline);
        }
        for (String left : report.notCarriedOver()) {
            text.append(System.lineSeparator()).append("Not carried over: ").append(left);
        }
        if (verification != null) {
            text.append(System.lineSeparator())
                .append(verification.matches() ? "Verified: " : "Verification FAILED: ")
                .append(Output.count(verification.aggregates())).append(" aggregates, ")
                .append(Output.count(verification.sourceEvents())).append(" source events, ")
                .append(Output.count(verification.targetEvents())).append(" target events");
            List<String> all = new java.util.ArrayList<>(verification.differences());
            all.addAll(verification.sourceProblems());
            all.stream().limit(10).forEach(d -> text.append(System.lineSeparator()).append("  ").append(d));
        }
        output.text(text.toString());
    }
}
