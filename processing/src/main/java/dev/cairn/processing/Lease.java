package dev.cairn.processing;

import com.mongodb.client.model.Updates;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One lease on a MongoDB document, judged on the database's clock (ADR 71): the one way Cairn's token claims,
 * dead-letter sequence claims and deadline claims (and next idempotency keys) say "this node holds it until then".
 * <p>
 * A lease is a sub-document at a {@linkplain #path() path} of the leased document:
 * <pre>
 * lease: { format: 2, owner: "host-4711-k3f9", at: ISODate(..), ms: NumberLong(10000) }
 * </pre>
 * {@code at} is when the owner last took or renewed it, written by the {@link LeaseClock} (by default the server's own
 * time, {@code $currentDate}); {@code ms} is its duration. It has expired when {@code at + ms < now}, with "now" the
 * server's {@code $$NOW} evaluated inside the same conditional update that takes it, so no node's clock is read and two
 * nodes racing for a document cannot both win. Take, renew and release are single conditional updates: their filters
 * combine the document's key with {@link #expired(String)} or {@link #expiredByOwnDuration(String)} (and the caller's own rules: no owner, or the caller's own),
 * their updates are {@link #take(String)} and {@link #release()}.
 * <p>
 * <b>A pause longer than the lease</b> (a GC pause, a stalled VM): another node may take the lease once it expired on
 * the server's clock; the paused owner's next renew or guarded write matches on its owner and finds another one, so it
 * is refused and the owner stops. Nothing it wrote after the other node took over is kept.
 * <p>
 * <b>Side by side with the previous format</b> (a rolling deploy): nodes of the previous release know only the
 * document's own claim fields (an {@code owner} and a node-clock time). They rewrite those fields but never touch
 * {@code lease}, so a lease counts only while {@code lease.owner} equals the document's claim owner
 * ({@link #expired(String)}); otherwise the claim was written by a previous-format node and is judged the way that node
 * judges it, against the server's clock ({@link #previousFormatExpired(String, String, Duration)},
 * {@link #previousFormatPassed(String, String)}). A lease of a newer {@link #FORMAT} than this release knows never
 * counts as expired here: an old node never steals from a newer one.
 * <p>
 * Instances are immutable and thread-safe.
 */
public final class Lease {

    /**
     * The lease format this release writes by default. Format 1 is the bare claim fields of the release before ADR 71.
     */
    public static final int FORMAT = 2;
    /**
     * The newest lease format this release reads: 3, written by projections' token stores, whose segments' batches
     * leave read-model documents of format 2 (ADR 89) that a node of the release before cannot judge. Such a node
     * counts only format 2 as expirable, so it never takes over a format-3 segment a node died holding; nodes of this
     * release judge formats 2 and 3 alike.
     */
    public static final int NEWEST = 3;

    static final String FORMAT_FIELD = "format";
    static final String OWNER = "owner";
    static final String AT = "at";
    static final String MS = "ms";

    private final String path;
    private final Duration duration;
    private final LeaseClock clock;
    private final int format;

    private Lease(String path, Duration duration, LeaseClock clock, int format) {
        this.path = path;
        this.duration = duration;
        this.clock = clock;
        this.format = format;
    }

    /**
     * @param path     the field holding the lease sub-document, e.g. {@code "lease"}; a top-level field nobody sets to
     *                 {@code null} (the update writes into it by dotted paths)
     * @param duration how long the lease lasts without being renewed; positive
     * @param clock    whose clock takes and judges it, {@link LeaseClock#database()} in production
     * @return the lease
     * @throws IllegalArgumentException naming the culprit when an argument is missing, blank or not positive
     */
    public static Lease of(String path, Duration duration, LeaseClock clock) {
        if (path == null || path.isBlank() || path.contains(".") || path.startsWith("$")) {
            throw new IllegalArgumentException("The lease path must be a plain top-level field name, not [" + path + "]");
        }
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("The lease duration must be positive, not [" + duration + "]");
        }
        if (duration.toMillis() == 0) {
            throw new IllegalArgumentException("The lease duration must be at least a millisecond, not [" + duration
                                                       + "]");
        }
        return new Lease(path, duration, Objects.requireNonNull(clock, "The LeaseClock may not be null"), FORMAT);
    }

    /**
     * @param format the format {@link #take(String)} writes, {@value #FORMAT} to {@value #NEWEST}
     * @return this lease writing {@code format}; it judges every format from {@value #FORMAT} to {@value #NEWEST}
     * @throws IllegalArgumentException naming the format when this release does not know it
     */
    public Lease withFormat(int format) {
        if (format < FORMAT || format > NEWEST) {
            throw new IllegalArgumentException("A lease format must be " + FORMAT + " to " + NEWEST + ", not ["
                                                       + format + "]");
        }
        return new Lease(path, duration, clock, format);
    }

    /** @return the format {@link #take(String)} writes */
    public int format() {
        return format;
    }

    public String path() {
        return path;
    }

    public Duration duration() {
        return duration;
    }

    public LeaseClock clock() {
        return clock;
    }

    /** @return the dotted path of the lease's owner, e.g. {@code lease.owner} */
    public String ownerPath() {
        return path + "." + OWNER;
    }

    /**
     * @return the update that takes or renews the lease for {@code owner}: owner, duration and format set, {@code at}
     * stamped by the clock. Combine it with the caller's own updates; its filter decides whether it may.
     */
    public Bson take(String owner) {
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("A lease owner may not be blank, not [" + owner + "]");
        }
        return Updates.combine(Updates.set(path + "." + FORMAT_FIELD, format),
                               Updates.set(ownerPath(), owner),
                               Updates.set(path + "." + MS, duration.toMillis()),
                               clock.stamp(path + "." + AT));
    }

    /** @return the update that removes the lease (never sets it to {@code null}: {@link #take} writes dotted paths) */
    public Bson release() {
        return Updates.unset(path);
    }

    /**
     * @param claimOwnerField the document's claim owner, the field previous-format nodes write too ({@code owner},
     *                        {@code claim.owner})
     * @return a filter: the lease was written with the current claim ({@code lease.owner} equals the claim owner), is
     * of this {@link #FORMAT}, and has expired on the clock: {@code at + ms < now}, the duration its holder took it for
     */
    public BsonDocument expired(String claimOwnerField) {
        return expired(claimOwnerField, field(path + "." + MS));
    }

    /**
     * As {@link #expired(String)}, but judged with this lease's own {@link #duration()} rather than the holder's: for
     * claims whose contract lets the claimant's timeout decide (Axon's token stores do).
     */
    public BsonDocument expiredByOwnDuration(String claimOwnerField) {
        return expired(claimOwnerField, new BsonInt64(duration.toMillis()));
    }

    private BsonDocument expired(String claimOwnerField, BsonValue ms) {
        return expr(and(eq(field(ownerPath()), field(claimOwnerField)),
                        known(field(path + "." + FORMAT_FIELD)),
                        clock.hasPassed(field(path + "." + AT), ms)));
    }

    /**
     * @return a filter: the claim in {@code claimOwnerField} was written by a previous-format node (the lease is absent
     * or names someone else), and its time in {@code atField} plus {@code duration} has passed on the clock
     */
    public BsonDocument previousFormatExpired(String claimOwnerField, String atField, Duration duration) {
        return expr(and(ne(field(ownerPath()), field(claimOwnerField)),
                        clock.hasPassed(field(atField), new BsonInt64(duration.toMillis()))));
    }

    /**
     * @return a filter: the claim in {@code claimOwnerField} was written by a previous-format node, and its expiry
     * instant in {@code untilField} has passed on the clock
     */
    public BsonDocument previousFormatPassed(String claimOwnerField, String untilField) {
        return expr(and(ne(field(ownerPath()), field(claimOwnerField)), clock.isPast(field(untilField))));
    }

    /**
     * @return when the lease in {@code document} was last taken or renewed, when it is a lease of this format held by
     * the owner in {@code claimOwner}; {@code null} otherwise (for messages and status, never for decisions)
     */
    public Instant takenAt(BsonDocument document, String claimOwner) {
        BsonDocument fields = fields(document, claimOwner);
        return fields == null ? null : Instant.ofEpochMilli(fields.getDateTime(AT).getValue());
    }

    /**
     * @return when the lease in {@code document} ends by its holder's duration, when it is a lease of this format held
     * by the owner in {@code claimOwner}; {@code null} otherwise (for messages and status, never for decisions)
     */
    public Instant until(BsonDocument document, String claimOwner) {
        BsonDocument fields = fields(document, claimOwner);
        return fields == null ? null : Instant.ofEpochMilli(fields.getDateTime(AT).getValue()
                                                                    + fields.get(MS).asNumber().longValue());
    }

    private BsonDocument fields(BsonDocument document, String claimOwner) {
        BsonValue lease = document.get(path);
        if (lease == null || !lease.isDocument() || claimOwner == null) {
            return null;
        }
        BsonDocument fields = lease.asDocument();
        BsonValue owner = fields.get(OWNER);
        BsonValue at = fields.get(AT);
        BsonValue ms = fields.get(MS);
        BsonValue format = fields.get(FORMAT_FIELD);
        boolean current = owner != null && owner.isString() && claimOwner.equals(owner.asString().getValue())
                && at != null && at.isDateTime() && ms != null && ms.isNumber()
                && format != null && format.isNumber() && format.asNumber().intValue() >= FORMAT
                && format.asNumber().intValue() <= NEWEST;
        return current ? fields : null;
    }

    @Override
    public String toString() {
        return "Lease[" + path + ", " + duration + ", " + clock + "]";
    }

    /** @return an expression: the format is one this release judges ({@value #FORMAT} to {@value #NEWEST}) */
    private static BsonDocument known(BsonValue format) {
        BsonArray any = new BsonArray();
        for (int known = FORMAT; known <= NEWEST; known++) {
            any.add(eq(format, new BsonInt32(known)));
        }
        return new BsonDocument("$or", any);
    }

    private static BsonString field(String path) {
        return new BsonString("$" + path);
    }

    private static BsonDocument expr(BsonValue expression) {
        return new BsonDocument("$expr", expression);
    }

    private static BsonDocument and(BsonValue... conditions) {
        return new BsonDocument("$and", new BsonArray(List.of(conditions)));
    }

    private static BsonDocument eq(BsonValue left, BsonValue right) {
        return new BsonDocument("$eq", new BsonArray(List.of(left, right)));
    }

    private static BsonDocument ne(BsonValue left, BsonValue right) {
        return new BsonDocument("$ne", new BsonArray(List.of(left, right)));
    }

}
