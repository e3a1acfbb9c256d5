package dev.cairn.processing;

import com.mongodb.client.model.Updates;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Whose clock a {@link Lease} is taken and judged on (ADR 71).
 * <ul>
 *     <li>{@link #database()}, the default everywhere: the database server's clock. Taking a lease writes the
 *     server's own time ({@code $currentDate}); expiry is judged against the server's {@code $$NOW} inside the
 *     conditional update or query. No node's clock is read, so a node whose clock is off by an hour neither steals a
 *     live lease nor keeps an expired one.</li>
 *     <li>{@link #of(Clock)}, the test seam: the given clock's instants are written and compared instead, so a test
 *     moves time forward without sleeping (as Axon's peer suites do with their clocks). Not for production: the
 *     nodes' clocks would decide again.</li>
 * </ul>
 * Both produce the same document shape; only the source of "now" differs.
 */
public final class LeaseClock {

    private static final LeaseClock DATABASE = new LeaseClock(null);
    private static final BsonString SERVER_NOW = new BsonString("$$NOW");

    private final Clock clock;

    private LeaseClock(Clock clock) {
        this.clock = clock;
    }

    /** @return the database server's clock, the default of every builder with a lease */
    public static LeaseClock database() {
        return DATABASE;
    }

    /**
     * @param clock the clock whose instants are written and compared, for tests; never {@code null}
     * @return a lease clock driven by {@code clock}
     */
    public static LeaseClock of(Clock clock) {
        return new LeaseClock(Objects.requireNonNull(clock, "The lease clock's Clock may not be null"));
    }

    /** @return whether this is the database server's clock */
    public boolean isDatabase() {
        return clock == null;
    }

    /** @return the update that writes "now" into {@code field}: the server's time, or the test clock's instant */
    public Bson stamp(String field) {
        return clock == null ? Updates.currentDate(field) : Updates.set(field, new BsonDateTime(clock.millis()));
    }

    /** @return "now" as an aggregation expression: {@code $$NOW}, or the test clock's instant as a date literal */
    public BsonValue now() {
        return clock == null ? SERVER_NOW : new BsonDateTime(clock.millis());
    }

    /**
     * @return an aggregation expression, true when the date {@code instant} lies before now on this clock (a lease
     * whose end is {@code instant} has run out)
     */
    public BsonDocument isPast(BsonValue instant) {
        return new BsonDocument("$lt", new BsonArray(List.of(instant, now())));
    }

    /**
     * @return an aggregation expression, true when the date {@code instant} plus {@code millis} lies before now on
     * this clock (what was taken or recorded at {@code instant} for {@code millis} has run out)
     */
    public BsonDocument hasPassed(BsonValue instant, BsonValue millis) {
        return isPast(plus(instant, millis));
    }

    /**
     * @return an aggregation expression, true when the date {@code instant} plus {@code millis} is now or later on
     * this clock (what was recorded at {@code instant} is still within {@code millis}): the negation of
     * {@link #hasPassed}
     */
    public BsonDocument isWithin(BsonValue instant, BsonValue millis) {
        return new BsonDocument("$gte", new BsonArray(List.of(plus(instant, millis), now())));
    }

    private static BsonDocument plus(BsonValue instant, BsonValue millis) {
        return new BsonDocument("$add", new BsonArray(List.of(instant, millis)));
    }

    @Override
    public String toString() {
        return clock == null ? "LeaseClock[database]" : "LeaseClock[" + clock + "]";
    }
}
