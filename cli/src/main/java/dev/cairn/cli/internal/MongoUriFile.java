package dev.cairn.cli.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The connection string of {@code --mongo-uri-file PATH}: the file's first non-blank line, trimmed, so that a
 * password lives in a file only its owner reads (a mounted secret) rather than on the command line, where other users
 * of the machine see it in the process list, or in the shell's history.
 */
final class MongoUriFile {

    private MongoUriFile() {
    }

    /**
     * @return the connection string to use: {@code --mongo-uri}, else the file's, else the environment's (may be
     * {@code null})
     * @throws CliException usage error when both options are given, or the file cannot be read or holds no line
     */
    static String choose(String option, Path file, String environment) {
        if (option != null && file != null) {
            throw CliException.usage("Give either --mongo-uri or --mongo-uri-file, not both");
        }
        if (option != null) {
            return option;
        }
        return file != null ? read(file) : environment;
    }

    static String read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw CliException.usage("Cannot read --mongo-uri-file [" + file + "]: "
                                             + (e instanceof java.nio.file.NoSuchFileException ? "no such file"
                    : e.getClass().getSimpleName()));
        }
        return lines.stream().map(String::trim).filter(line -> !line.isEmpty()).findFirst()
                    .orElseThrow(() -> CliException.usage("--mongo-uri-file [" + file + "] is empty: its first line "
                                                                  + "should be the connection string"));
    }
}
