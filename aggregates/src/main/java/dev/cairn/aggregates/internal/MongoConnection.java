package dev.cairn.aggregates.internal;

import com.mongodb.MongoSecurityException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.CairnStartupException;
import org.bson.Document;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks at start-up, within a bounded time, that the application's MongoDB answers, and turns the ways it can fail
 * into one readable {@link CairnStartupException}. The client's own timeouts stay as configured for the life of the
 * application (a replica-set election may legitimately take longer than start-up should wait).
 */
public final class MongoConnection {

    private MongoConnection() {
    }

    /**
     * Pings {@code database}; waits at most {@code timeout}.
     *
     * @param where how to name the server in a message, e.g. {@code MongoDB at [db1:27017]}; never with a password
     * @throws CairnStartupException when the server does not answer in time or refuses the credentials
     */
    public static void requireReachable(MongoDatabase database, String where, Duration timeout) {
        // the ping runs on its own daemon thread, so a server that never answers cannot hold start-up past the timeout
        CompletableFuture<Document> ping = new CompletableFuture<>();
        Thread pinger = new Thread(() -> {
            try {
                ping.complete(database.runCommand(new Document("ping", 1)));
            } catch (Throwable e) {
                ping.completeExceptionally(e);
            }
        }, "cairn-startup-ping");
        pinger.setDaemon(true);
        pinger.start();
        try {
            ping.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw unreachable(where, database.getName(), timeout, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof MongoSecurityException) {
                throw new CairnStartupException(where + " refused the credentials of the connection string "
                                                        + "(database [" + database.getName() + "]): check the user, "
                                                        + "its password and its authentication database", cause);
            }
            if (cause instanceof MongoTimeoutException) {
                throw unreachable(where, database.getName(), timeout, cause);
            }
            throw new CairnStartupException(where + " could not be used (database [" + database.getName() + "]): "
                                                    + cause.getClass().getSimpleName() + ": " + cause.getMessage(),
                                            cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CairnStartupException("Interrupted while connecting to " + where, e);
        }
    }

    private static CairnStartupException unreachable(String where, String database, Duration timeout,
                                                     Throwable cause) {
        return new CairnStartupException(
                "Cannot reach " + where + " within " + describe(timeout) + " (database [" + database + "]): check "
                        + "that the server is running and reachable from this machine, and the hosts and ports of the "
                        + "connection string. Cairn.builder().startupTimeout(...) sets how long start-up waits.",
                cause);
    }

    private static String describe(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }
}
