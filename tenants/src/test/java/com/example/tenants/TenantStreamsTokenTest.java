package com.example.tenants;

import dev.cairn.eventstore.mongo.CairnSerializers;
import dev.cairn.tenants.TenantStreamsToken;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ADR 85: the cross-tenant token, a gap-aware token per tenant, where a missing tenant has consumed nothing. */
class TenantStreamsTokenTest {

    private static GapAwareTrackingToken at(long index, Long... gaps) {
        return GapAwareTrackingToken.newInstance(index, List.of(gaps));
    }

    @Test
    void aTenantMissingFromATokenHasConsumedNothingOfIt() {
        // Given a token at alpha 5 and one at alpha 7 and beta 3
        TenantStreamsToken alpha = TenantStreamsToken.of(Map.of("alpha", at(5)));
        TenantStreamsToken both = TenantStreamsToken.of(Map.of("alpha", at(7), "beta", at(3)));

        // When / Then the one with beta covers the other, never the reverse
        assertThat(both.covers(alpha)).isTrue();
        assertThat(alpha.covers(both)).isFalse();
        // and the bounds drop a tenant missing from one, or keep the furthest
        assertThat(alpha.lowerBound(both)).isEqualTo(TenantStreamsToken.of(Map.of("alpha", at(5))));
        assertThat(both.lowerBound(alpha)).isEqualTo(TenantStreamsToken.of(Map.of("alpha", at(5))));
        assertThat(alpha.upperBound(both)).isEqualTo(both);
        assertThat(alpha.samePositionAs(both)).isFalse();
        assertThat(both.samePositionAs(alpha.advancedTo("alpha", at(7)).advancedTo("beta", at(3)))).isTrue();
        assertThat(both.position()).isEqualTo(OptionalLong.empty());
    }

    @Test
    void aTenantsGapIsNotCoveredUntilFilled() {
        // Given a token past alpha's event 4, which is a gap
        TenantStreamsToken withGap = TenantStreamsToken.of(Map.of("alpha", at(6, 4L)));

        // When / Then alpha's event 4 is not covered, event 5 is
        assertThat(withGap.covers(TenantStreamsToken.of(Map.of("alpha", at(4))))).isFalse();
        assertThat(withGap.covers(TenantStreamsToken.of(Map.of("alpha", at(5, 4L))))).isTrue();
    }

    @Test
    void theStoredFormIsReadableJsonWithAFormatAndReadsBack() {
        // Given Cairn's serializer and a token of two tenants
        Serializer serializer = CairnSerializers.defaultSerializer();
        TenantStreamsToken token = TenantStreamsToken.of(Map.of("beta", at(3), "alpha", at(9, 7L)));

        // When it is serialized and read back
        SerializedObject<String> json = serializer.serialize(token, String.class);
        TenantStreamsToken read = serializer.deserialize(json);

        // Then the JSON names the format and each tenant's index and gaps, and the token reads back equal
        assertThat(json.getData()).isEqualTo("{\"format\":1,\"tenants\":{\"alpha\":{\"index\":9,\"gaps\":[7]},"
                                                     + "\"beta\":{\"index\":3,\"gaps\":[]}}}");
        assertThat(read).isEqualTo(token);
    }

    @Test
    void aStoredTokenOfAnotherFormatOrWithoutAnIndexIsRefusedNamingTheCulprit() {
        // Given Cairn's serializer
        Serializer serializer = CairnSerializers.defaultSerializer();

        // When / Then another format is named
        assertThatThrownBy(() -> serializer.deserialize(stored("{\"format\":2,\"tenants\":{}}")))
                .hasStackTraceContaining("format [2]");
        // and a tenant's entry without an index names the tenant
        assertThatThrownBy(() -> serializer.deserialize(stored("{\"format\":1,\"tenants\":{\"acme\":{\"gaps\":[]}}}")))
                .hasStackTraceContaining("tenant [acme]");
    }

    private static SimpleSerializedObject<String> stored(String json) {
        return new SimpleSerializedObject<>(json, String.class, TenantStreamsToken.class.getName(), null);
    }
}
