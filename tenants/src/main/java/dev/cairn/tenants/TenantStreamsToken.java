package dev.cairn.tenants;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The position of a cross-tenant processor (ADR 85): one gap-aware token per tenant whose events it has consumed,
 * stored by Cairn's token store as readable JSON:
 * <pre>
 * { "format": 1, "tenants": { "acme": { "index": 1041, "gaps": [1038] }, "globex": { "index": 17, "gaps": [] } } }
 * </pre>
 * A tenant without an entry has consumed nothing: its stream is read from its first event. So a tenant added at
 * runtime joins from its first event, and a removed tenant keeps its entry (it resumes there when added again).
 * <p>
 * One token holds positions in independent streams, so it has no single {@link #position()}; it covers another when
 * each of the other's entries is covered by its own entry for the same tenant.
 */
public final class TenantStreamsToken implements TrackingToken, Serializable {

    /** The stored format this release writes and reads. */
    public static final int FORMAT = 1;

    @Serial
    private static final long serialVersionUID = 1L;
    private static final TenantStreamsToken EMPTY = new TenantStreamsToken(Map.of());

    private final Map<String, GapAwareTrackingToken> tenants;

    private TenantStreamsToken(Map<String, GapAwareTrackingToken> tenants) {
        this.tenants = tenants;
    }

    /** @return a token that has consumed nothing of any tenant */
    public static TenantStreamsToken empty() {
        return EMPTY;
    }

    /**
     * @param positions each tenant's position; a tenant's token must be Cairn's {@link GapAwareTrackingToken}
     * @throws IllegalArgumentException naming the tenant whose token is of another kind
     */
    public static TenantStreamsToken of(Map<String, ? extends TrackingToken> positions) {
        Map<String, GapAwareTrackingToken> tenants = new TreeMap<>();
        positions.forEach((tenant, token) -> {
            if (token != null) {
                tenants.put(tenant, gapAware(tenant, token));
            }
        });
        return new TenantStreamsToken(Collections.unmodifiableMap(tenants));
    }

    /** @return the position of {@code tenantId}, or {@code null} when nothing of it was consumed */
    public GapAwareTrackingToken position(String tenantId) {
        return tenants.get(tenantId);
    }

    /** @return every tenant's position, by tenant, sorted by tenant */
    public Map<String, GapAwareTrackingToken> positions() {
        return tenants;
    }

    /** @return this token with {@code tenantId} moved to {@code token} (a gap-aware token) */
    public TenantStreamsToken advancedTo(String tenantId, TrackingToken token) {
        Map<String, GapAwareTrackingToken> advanced = new TreeMap<>(tenants);
        advanced.put(tenantId, gapAware(tenantId, token));
        return new TenantStreamsToken(Collections.unmodifiableMap(advanced));
    }

    /** A tenant missing from either token has consumed nothing there, so it is missing from the lower bound too. */
    @Override
    public TrackingToken lowerBound(TrackingToken other) {
        TenantStreamsToken that = same(other);
        Map<String, TrackingToken> bound = new LinkedHashMap<>();
        tenants.forEach((tenant, token) -> {
            GapAwareTrackingToken theirs = that.tenants.get(tenant);
            if (theirs != null) {
                bound.put(tenant, token.lowerBound(theirs));
            }
        });
        return of(bound);
    }

    @Override
    public TrackingToken upperBound(TrackingToken other) {
        TenantStreamsToken that = same(other);
        Map<String, TrackingToken> bound = new LinkedHashMap<>(that.tenants);
        tenants.forEach((tenant, token) -> bound.merge(tenant, token, TrackingToken::upperBound));
        return of(bound);
    }

    @Override
    public boolean covers(TrackingToken other) {
        TenantStreamsToken that = same(other);
        for (Map.Entry<String, GapAwareTrackingToken> entry : that.tenants.entrySet()) {
            GapAwareTrackingToken ours = tenants.get(entry.getKey());
            if (ours == null || !ours.covers(entry.getValue())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean samePositionAs(TrackingToken other) {
        TenantStreamsToken that = same(other);
        if (!tenants.keySet().equals(that.tenants.keySet())) {
            return false;
        }
        return tenants.entrySet().stream()
                      .allMatch(entry -> entry.getValue().samePositionAs(that.tenants.get(entry.getKey())));
    }

    /** Empty: positions in independent streams do not add up to one. */
    @Override
    public OptionalLong position() {
        return OptionalLong.empty();
    }

    /** @return the stored form: {@code {format: 1, tenants: {tenantId: {index, gaps}}}} */
    @JsonValue
    Map<String, Object> stored() {
        Map<String, Object> positions = new LinkedHashMap<>();
        tenants.forEach((tenant, token) -> {
            Map<String, Object> position = new LinkedHashMap<>();
            position.put("index", token.getIndex());
            position.put("gaps", new ArrayList<>(token.getGaps()));
            positions.put(tenant, position);
        });
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("format", FORMAT);
        stored.put("tenants", positions);
        return stored;
    }

    /**
     * @throws IllegalArgumentException naming what is wrong: another format, or a tenant's entry without a numeric
     *                                  index and a list of gaps
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static TenantStreamsToken fromStored(Map<String, Object> stored) {
        Object format = stored.get("format");
        if (!(format instanceof Number number) || number.intValue() != FORMAT) {
            throw new IllegalArgumentException("A cross-tenant token of format [" + format + "] cannot be read; this "
                                                       + "release reads format " + FORMAT);
        }
        if (!(stored.get("tenants") instanceof Map<?, ?> positions)) {
            throw new IllegalArgumentException("A cross-tenant token needs a document [tenants], was "
                                                       + stored.get("tenants"));
        }
        Map<String, TrackingToken> tenants = new TreeMap<>();
        positions.forEach((tenant, value) -> {
            if (!(value instanceof Map<?, ?> position) || !(position.get("index") instanceof Number index)
                    || !(position.get("gaps") instanceof Collection<?> gaps)
                    || !gaps.stream().allMatch(Number.class::isInstance)) {
                throw new IllegalArgumentException("The cross-tenant token's entry of tenant [" + tenant
                                                           + "] needs a numeric [index] and a list of [gaps], was "
                                                           + value);
            }
            List<Long> gapList = gaps.stream().map(gap -> ((Number) gap).longValue()).toList();
            tenants.put(tenant.toString(), GapAwareTrackingToken.newInstance(index.longValue(), gapList));
        });
        return of(tenants);
    }

    private static TenantStreamsToken same(TrackingToken other) {
        if (other instanceof TenantStreamsToken token) {
            return token;
        }
        throw new IllegalArgumentException("A cross-tenant token cannot be compared with a "
                                                   + (other == null ? "null token" : other.getClass().getName()));
    }

    private static GapAwareTrackingToken gapAware(String tenantId, TrackingToken token) {
        if (token instanceof GapAwareTrackingToken gapAware) {
            return gapAware;
        }
        throw new IllegalArgumentException("Tenant [" + tenantId + "]'s stream gave a "
                                                   + (token == null ? "null token" : token.getClass().getName())
                                                   + "; a cross-tenant token holds Cairn's gap-aware tokens");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TenantStreamsToken that && tenants.equals(that.tenants);
    }

    @Override
    public int hashCode() {
        return tenants.hashCode();
    }

    @Override
    public String toString() {
        return "TenantStreamsToken" + tenants;
    }
}
