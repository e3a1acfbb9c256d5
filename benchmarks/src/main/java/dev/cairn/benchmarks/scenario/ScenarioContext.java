package dev.cairn.benchmarks.scenario;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.cairn.benchmarks.Contender;
import dev.cairn.benchmarks.RunSettings;
import dev.cairn.benchmarks.internal.CommandCounter;
import dev.cairn.mongo.embedded.EmbeddedMongo;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * What a scenario runs on: its own fresh embedded server, one driver client whose commands are counted while a
 * measurement window is open, and the run's settings.
 */
public final class ScenarioContext implements AutoCloseable {

    private final String scenarioName;
    private final RunSettings settings;
    private final EmbeddedMongo server;
    private final CommandCounter counter = new CommandCounter();
    private final MongoClient client;
    private final PrintStream progress;
    private final long started = System.nanoTime();

    private ScenarioContext(String scenarioName, RunSettings settings, PrintStream progress) {
        this.scenarioName = scenarioName;
        this.settings = settings;
        this.progress = progress;
        this.server = EmbeddedMongo.start();
        MongoClientSettings clientSettings = MongoClientSettings
                .builder(EmbeddedMongo.clientSettings(server.connectionString()))
                .addCommandListener(counter)
                .build();
        this.client = MongoClients.create(clientSettings);
    }

    /**
     * Starts a fresh embedded server for one scenario run.
     */
    public static ScenarioContext start(String scenarioName, RunSettings settings, PrintStream progress) {
        return new ScenarioContext(scenarioName, settings, progress);
    }

    /**
     * Prints a progress line, with the seconds since the scenario started.
     */
    public void progress(String message) {
        progress.printf(java.util.Locale.ROOT, "  %6.1fs %s%n", (System.nanoTime() - started) / 1e9, message);
    }

    public RunSettings settings() {
        return settings;
    }

    public MongoClient client() {
        return client;
    }

    public String connectionString() {
        return server.connectionString();
    }

    /**
     * @return the database name a contender uses in this scenario
     */
    public String databaseName(Contender contender) {
        return ("bench_" + scenarioName + "_" + contender.label()).replace('-', '_');
    }

    public MongoDatabase database(Contender contender) {
        return client.getDatabase(databaseName(contender));
    }

    /**
     * Drops a contender's database once the scenario is done with it, so that later work on this server does not
     * carry its documents. Scenarios that interleave the contenders drop all three at the end. Not counted.
     */
    public void dropDatabase(Contender contender) {
        database(contender).drop();
    }

    /**
     * Runs {@code work} with the command counter open.
     *
     * @return what the work returned and the commands it sent
     */
    public <T> Counted<T> counted(Callable<T> work) throws Exception {
        counter.open();
        try {
            T result = work.call();
            return new Counted<>(result, counter.close());
        } finally {
            counter.close();
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            server.close();
        }
    }

    /**
     * The result of counted work.
     */
    public record Counted<T>(T result, CommandCounter.Counts commands) {
    }
}
