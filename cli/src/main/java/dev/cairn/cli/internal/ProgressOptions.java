package dev.cairn.cli.internal;

import picocli.CommandLine.Option;

import java.time.Duration;

/** The progress display options of the commands that wait for long work (rebuilds, migrations). */
final class ProgressOptions {

    @Option(names = "--progress", paramLabel = "auto|bar|lines|none", defaultValue = "auto",
            description = "Progress display: a bar on a terminal and lines otherwise (auto), or as named.")
    String progress;

    @Option(names = "--progress-interval", paramLabel = "SECONDS", defaultValue = "3", hidden = true,
            description = "Seconds between two progress lines when not on a terminal.")
    double progressInterval;

    /** @return the display asked for, checked */
    String display() {
        if (!progress.matches("auto|bar|lines|none")) {
            throw CliException.usage("--progress must be one of auto, bar, lines, none; not " + progress);
        }
        return progress;
    }

    /** @return the time between two progress lines */
    Duration interval() {
        return Duration.ofMillis((long) (progressInterval * 1000));
    }
}
