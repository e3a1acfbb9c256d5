package dev.cairn.eventstore.mongo.support;

import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The read concern, read preference and write concern of every collection whose reads decide what is written next or
 * whose writes a guarantee rests on (ADR 75): read concern {@code majority}, read preference {@code primary}, write
 * concern {@code majority} with journal and a write timeout.
 * <p>
 * On a replica set a read at the client's default read concern ({@code local}) can see a write that a failover rolls
 * back, and a write acknowledged below a majority can itself be rolled back; a decision taken on either may stand on
 * something that no longer exists. A secondary may lag: a decision read there is stale. These concerns are applied
 * where a collection is obtained, whatever the client's defaults, so a client configured with {@code w=1},
 * {@code readConcernLevel=local} or {@code readPreference=secondaryPreferred} does not weaken them.
 * <p>
 * The write timeout is the client's {@code wtimeoutMS} when the database carries one, otherwise
 * {@link #DEFAULT_WRITE_TIMEOUT}. A write that a majority does not acknowledge within it fails with the driver's
 * {@code MongoWriteConcernException} (or a {@code MongoBulkWriteException} carrying a write concern error): its
 * outcome is unknown, it may be stored on the primary and become durable later, or be rolled back.
 */
public final class ReplicaSetConcerns {

    /** The write timeout used when the client sets none: 10 seconds. */
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(10);

    private ReplicaSetConcerns() {
    }

    /**
     * @return {@code database} reading at {@code majority} from the primary and writing at {@code majority} with
     * journal and the write timeout of {@link #writeTimeoutOf(MongoDatabase)}
     */
    public static MongoDatabase decisive(MongoDatabase database) {
        return database.withReadConcern(ReadConcern.MAJORITY)
                       .withReadPreference(ReadPreference.primary())
                       .withWriteConcern(majority(writeTimeoutOf(database)));
    }

    /**
     * @return {@code collection} reading at {@code majority} from the primary and writing at {@code majority} with
     * journal and the write timeout the collection carries ({@link #DEFAULT_WRITE_TIMEOUT} when none)
     */
    public static <T> MongoCollection<T> decisive(MongoCollection<T> collection) {
        return collection.withReadConcern(ReadConcern.MAJORITY)
                         .withReadPreference(ReadPreference.primary())
                         .withWriteConcern(majority(writeTimeoutOf(collection.getWriteConcern())
                                                            .orElse(DEFAULT_WRITE_TIMEOUT)));
    }

    /**
     * @return write concern {@code majority} with journal, waiting at most {@code writeTimeout} for the majority
     */
    public static WriteConcern majority(Duration writeTimeout) {
        return WriteConcern.MAJORITY.withJournal(true).withWTimeout(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * @return the client's write timeout ({@code wtimeoutMS}) carried by {@code database}, or
     * {@link #DEFAULT_WRITE_TIMEOUT} when it carries none (or zero: wait forever, which Cairn does not do)
     */
    public static Duration writeTimeoutOf(MongoDatabase database) {
        return writeTimeoutOf(database.getWriteConcern()).orElse(DEFAULT_WRITE_TIMEOUT);
    }

    /**
     * @return whether {@code writeConcern} waits for a majority of the replica set ({@code w: "majority"})
     */
    public static boolean isMajority(WriteConcern writeConcern) {
        return "majority".equals(writeConcern.getWObject());
    }

    private static Optional<Duration> writeTimeoutOf(WriteConcern writeConcern) {
        Integer millis = writeConcern.getWTimeout(TimeUnit.MILLISECONDS);
        return millis == null || millis <= 0 ? Optional.empty() : Optional.of(Duration.ofMillis(millis));
    }
}
