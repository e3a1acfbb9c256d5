package dev.cairn.mongo.embedded;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * An in-process server speaking the MongoDB wire protocol, bound to a free loopback port.
 * <p>
 * Backed by {@code mongo-java-server}: the memory backend by default, or an H2 file when data must survive a restart
 * ({@link #startPersistent(Path)}). Clients reach it through the real MongoDB Java driver over a socket, using
 * {@link #connectionString()}.
 * <p>
 * It is meant for tests, demos and local tooling, never for production: it has no transactions, uses only unique
 * indexes, answers range queries by scanning, and ignores write concerns.
 */
public final class EmbeddedMongo implements AutoCloseable {

    static {
        // the server's per-connection INFO lines, its warnings about the non-unique indexes it cannot build, and the
        // driver's settings dump for each client say nothing a user of the embedded default can act on; a level the
        // user set wins
        QuietServerLogs.applyDefaults();
    }

    private final MongoServer server;
    private final InetSocketAddress address;
    private final Path dataFile;

    private EmbeddedMongo(MongoBackend backend, Path dataFile) {
        this.server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        this.address = server.getLocalAddress();
        this.dataFile = dataFile;
    }

    /**
     * Starts a server keeping its data in memory; everything is gone after {@link #close()}.
     */
    public static EmbeddedMongo start() {
        return new EmbeddedMongo(new MemoryBackend(), null);
    }

    /**
     * Starts a server keeping its data in memory, with change streams: its oplog records every write, so
     * collection-level {@code watch()} works. Its change streams rescan the whole oplog, which is never truncated, on
     * every poll: keep such a server to modest, short-lived workloads.
     */
    public static EmbeddedMongo startWithChangeStreams() {
        EmbeddedMongo server = new EmbeddedMongo(new MemoryBackend(), null);
        server.server.enableOplog();
        return server;
    }

    /**
     * Starts a server keeping its data in the given H2 file, so that it survives a clean {@link #close()} and a new
     * start on the same file.
     *
     * @param dataFile the H2 database file; created when absent
     */
    public static EmbeddedMongo startPersistent(Path dataFile) {
        Objects.requireNonNull(dataFile, "dataFile must not be null");
        Path absolute = dataFile.toAbsolutePath();
        if (absolute.getParent() != null) {
            absolute.getParent().toFile().mkdirs();
        }
        return new EmbeddedMongo(new H2Backend(absolute.toString()), absolute);
    }

    /**
     * @return the {@code mongodb://} URI clients use to reach this server
     */
    public String connectionString() {
        return "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    /**
     * @return the loopback port the server listens on
     */
    public int port() {
        return address.getPort();
    }

    /**
     * @return the H2 file holding the data, or {@code null} for the memory backend
     */
    public Path dataFile() {
        return dataFile;
    }

    /**
     * Creates a new driver client for this server; the caller closes it.
     */
    public MongoClient newClient() {
        return MongoClients.create(clientSettings(connectionString()));
    }

    /**
     * Client settings Cairn uses against the embedded server: short timeouts so that a stopped server fails fast.
     */
    public static MongoClientSettings clientSettings(String connectionString) {
        return MongoClientSettings.builder()
                                  .applyConnectionString(new ConnectionString(connectionString))
                                  .applyToClusterSettings(c -> c.serverSelectionTimeout(10, TimeUnit.SECONDS))
                                  .build();
    }

    /**
     * Stops the server, closing client connections; the H2 backend flushes its file first.
     */
    @Override
    public void close() {
        server.shutdown();
    }
}
