package dev.cairn.cli.internal;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The options every command takes, before or after its name ({@code cairn --json projections status} and
 * {@code cairn projections status --json} alike).
 */
public final class GlobalOptions {

    @Option(names = "--mongo-uri", paramLabel = "URI",
            description = "MongoDB connection string (default: the environment variable CAIRN_MONGO_URI). Its "
                    + "password is never printed.")
    String mongoUri;

    @Option(names = "--mongo-uri-file", paramLabel = "PATH",
            description = "File whose first line is the MongoDB connection string (a mounted secret): keeps the "
                    + "password off the command line and out of the environment.")
    Path mongoUriFile;

    @Option(names = "--database", paramLabel = "NAME",
            description = "Database holding the events, tokens and read models (default: the one the URI names, "
                    + "else " + Connection.DEFAULT_DATABASE + ").")
    String database;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data folder of the embedded server (file DIR/" + Connection.DATA_FILE
                    + "), used when no MongoDB is named.")
    Path data;

    @Option(names = "--tenant", paramLabel = "ID",
            description = "Work on this tenant's store: its database (and server) as the registry of tenants in "
                    + "the --database (the directory database) lists it.")
    String tenant;

    @Option(names = "--json", description = "Print JSON (one documented schema per command) instead of tables.")
    boolean json;

    /** @return these options, each unset one taken from {@code before} (given before the command's name) */
    GlobalOptions over(GlobalOptions before) {
        GlobalOptions merged = new GlobalOptions();
        merged.mongoUri = mongoUri != null ? mongoUri : before.mongoUri;
        merged.mongoUriFile = mongoUriFile != null ? mongoUriFile : before.mongoUriFile;
        merged.database = database != null ? database : before.database;
        merged.data = data != null ? data : before.data;
        merged.tenant = tenant != null ? tenant : before.tenant;
        merged.json = json || before.json;
        return merged;
    }
}
