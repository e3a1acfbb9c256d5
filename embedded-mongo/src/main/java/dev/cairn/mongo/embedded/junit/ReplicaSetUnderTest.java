package dev.cairn.mongo.embedded.junit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.ReadPreference;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The three-node replica set the failover suite runs against, named by {@value EmbeddedMongoExtension#MONGO_URI_VARIABLE}
 * (e.g. {@code mongodb://h1:27017,h2:27017,h3:27017/?replicaSet=rs0}); a test obtained through
 * {@link #assumeThreeNodes()} is skipped, saying why, when the variable is unset or names anything else.
 * <p>
 * What the suite assumes of the set: three voting, data-bearing members and no arbiter, each reachable from the test
 * under the host name the set's configuration gives it; a user allowed {@code replSetStepDown},
 * {@code configureFailPoint} and {@code shutdown}; members started with {@code --setParameter enableTestCommands=1}
 * (failpoints pause replication). Killing a primary needs a way to start it again: the shell command in
 * {@value #RESTART_VARIABLE}, where {@code {host}} stands for the member's {@code host:port}
 * (e.g. {@code docker start $(echo {host} | cut -d: -f1)}); tests that kill a member are skipped without it.
 * The suite leaves the set as it found it: replication resumed, every member back.
 */
public final class ReplicaSetUnderTest implements AutoCloseable {

    /** Environment variable holding the shell command that restarts a killed member ({@code {host}} replaced). */
    public static final String RESTART_VARIABLE = "CAIRN_REPLICA_RESTART";

    private static final Duration ELECTION_TIMEOUT = Duration.ofSeconds(60);

    private final String uri;
    private final MongoClient admin;

    private ReplicaSetUnderTest(String uri) {
        this.uri = uri;
        this.admin = MongoClients.create(uri);
    }

    /**
     * @return the replica set named by {@value EmbeddedMongoExtension#MONGO_URI_VARIABLE}; the calling test is
     * skipped (a JUnit assumption, with the reason) when there is none or it is not three data-bearing members
     */
    public static ReplicaSetUnderTest assumeThreeNodes() {
        String uri = System.getenv(EmbeddedMongoExtension.MONGO_URI_VARIABLE);
        assumeTrue(uri != null && !uri.isBlank(), EmbeddedMongoExtension.MONGO_URI_VARIABLE + " is not set: the "
                + "failover suite needs a three-node replica set (see the README, 'Running on a MongoDB replica set')");
        ReplicaSetUnderTest set = new ReplicaSetUnderTest(uri);
        BsonDocument hello = set.hello();
        boolean threeMembers = hello.containsKey("setName") && hello.getArray("hosts", new BsonArray()).size() == 3
                && hello.getArray("arbiters", new BsonArray()).isEmpty();
        if (!threeMembers) {
            set.close();
        }
        assumeTrue(threeMembers, EmbeddedMongoExtension.MONGO_URI_VARIABLE + " names "
                + (hello.containsKey("setName") ? "replica set " + hello.getString("setName").getValue() + " with hosts "
                + hello.get("hosts") + " and arbiters " + hello.get("arbiters") : "a server that is no replica set")
                + ": the failover suite needs a replica set of exactly three data-bearing members and no arbiter");
        return set;
    }

    /** @return the connection string of the whole set */
    public String uri() {
        return uri;
    }

    /** @return a new client for the whole set, with retryable writes; the caller closes it */
    public MongoClient newClient() {
        return MongoClients.create(MongoClientSettings.builder().applyConnectionString(new ConnectionString(uri))
                                                      .retryWrites(true).build());
    }

    /** @return the {@code host:port} of the current primary, waiting for an election when there is none */
    public String primary() {
        long deadline = System.nanoTime() + ELECTION_TIMEOUT.toNanos();
        while (true) {
            BsonValue primary = hello().get("primary");
            if (primary != null) {
                return primary.asString().getValue();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("No primary elected within " + ELECTION_TIMEOUT);
            }
            pause(Duration.ofMillis(200));
        }
    }

    /** @return the {@code host:port} of every member but the current primary */
    public List<String> secondaries() {
        String primary = primary();
        return hello().getArray("hosts").stream().map(h -> h.asString().getValue())
                      .filter(host -> !host.equals(primary)).toList();
    }

    /**
     * Makes the primary step down for {@code seconds} (at least 2), then waits for a new primary. With {@code force}
     * it steps down even when no secondary has caught up, so writes that no majority acknowledged can be rolled back;
     * without, a secondary has a second to catch up.
     */
    public void stepDown(int seconds, boolean force) {
        try (MongoClient primary = direct(primary())) {
            primary.getDatabase("admin").runCommand(new Document("replSetStepDown", Math.max(2, seconds))
                                                            .append("secondaryCatchUpPeriodSecs", force ? 0 : 1)
                                                            .append("force", force));
        } catch (MongoException e) {
            // the primary closes connections while it steps down; a failed step-down shows in the election wait
        }
        primary();
    }

    /** Stops {@code member} from fetching the oplog (failpoint {@code stopReplProducer}). */
    public void pauseReplication(String member) {
        failPoint(member, "stopReplProducer", "alwaysOn");
    }

    /** Lets {@code member} fetch the oplog again. */
    public void resumeReplication(String member) {
        failPoint(member, "stopReplProducer", "off");
    }

    /**
     * Kills the current primary ({@code shutdown} with {@code force}); skipped, saying why, when no restart command is
     * configured.
     *
     * @return the {@code host:port} of the killed member, for {@link #restart(String)}
     */
    public String killPrimary() {
        assumeTrue(System.getenv(RESTART_VARIABLE) != null, RESTART_VARIABLE + " is not set: a killed member could "
                + "not be started again");
        String primary = primary();
        try (MongoClient client = direct(primary)) {
            client.getDatabase("admin").runCommand(new Document("shutdown", 1).append("force", true));
        } catch (MongoException e) {
            // the member closes the connection as it goes down
        }
        return primary;
    }

    /** Starts a killed member again with the command of {@value #RESTART_VARIABLE} and waits until it answers. */
    public void restart(String member) {
        String command = System.getenv(RESTART_VARIABLE).replace("{host}", member);
        try {
            Process process = new ProcessBuilder("sh", "-c", command).inheritIO().start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("Restart command failed: " + command);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Restart command failed: " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while restarting " + member, e);
        }
        long deadline = System.nanoTime() + ELECTION_TIMEOUT.toNanos();
        while (true) {
            try (MongoClient client = direct(member)) {
                // back once it is a primary (1) or a secondary (2) again, after any rollback
                Number state = client.getDatabase("admin").runCommand(new Document("replSetGetStatus", 1))
                                     .get("myState", Number.class);
                if (state != null && (state.intValue() == 1 || state.intValue() == 2)) {
                    return;
                }
            } catch (MongoException e) {
                // not up yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(member + " did not come back within " + ELECTION_TIMEOUT);
            }
            pause(Duration.ofMillis(500));
        }
    }

    @Override
    public void close() {
        admin.close();
    }

    private BsonDocument hello() {
        return admin.getDatabase("admin").withReadPreference(ReadPreference.primaryPreferred())
                    .runCommand(new Document("hello", 1), BsonDocument.class);
    }

    private void failPoint(String member, String name, String mode) {
        try (MongoClient client = direct(member)) {
            client.getDatabase("admin").runCommand(new Document("configureFailPoint", name).append("mode", mode));
        } catch (MongoCommandException e) {
            assumeTrue(false, "Failpoint " + name + " refused on " + member + " (" + e.getErrorCodeName() + "): the "
                    + "failover suite needs members started with --setParameter enableTestCommands=1");
        }
    }

    private MongoClient direct(String member) {
        ConnectionString set = new ConnectionString(uri);
        MongoClientSettings.Builder settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://" + member + "/?directConnection=true"));
        if (set.getCredential() != null) {
            settings.credential(set.getCredential());
        }
        settings.applyToSslSettings(ssl -> ssl.enabled(Boolean.TRUE.equals(set.getSslEnabled())));
        return MongoClients.create(settings.build());
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
