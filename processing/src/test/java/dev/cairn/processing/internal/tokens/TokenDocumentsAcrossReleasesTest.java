package dev.cairn.processing.internal.tokens;

import com.example.tokens.RebuildReason;
import com.example.tokens.RepricingReason;
import dev.cairn.eventstore.mongo.AllowedTypes;
import dev.cairn.eventstore.mongo.CairnSerializers;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.bson.BsonBinaryWriter;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token documents keep a replay context by the one stored-JSON policy (ADR 72, format 1), and nodes of the release
 * before it ({@link FormatV1TokenDocuments}, its own conversion) and of this one read each other's documents.
 */
class TokenDocumentsAcrossReleasesTest {

    private static final Serializer SERIALIZER = CairnSerializers.defaultSerializer();
    private static final AllowedTypes ALLOWED = AllowedTypes.cairnDefaults().withPackages(List.of("com.example"));

    private final TokenDocuments current = new TokenDocuments(SERIALIZER, ALLOWED);
    private final FormatV1TokenDocuments previous = new FormatV1TokenDocuments(SERIALIZER, ALLOWED);

    @Test
    void aReplayTokenWithAContextIsStoredByteForByteAsThePreviousReleaseStoredIt() {
        // given a replay token whose context holds every JSON value a double represents exactly
        TrackingToken token = replay(rebuildReason());

        // when both releases write it
        BsonValue written = current.write(token);
        BsonValue writtenBefore = previous.write(token);

        // then the stored bytes are the same, the context a queryable document
        assertThat(bytes(written)).isEqualTo(bytes(writtenBefore));
        BsonDocument context = written.asDocument().getDocument("context");
        assertThat(context.getInt32("batch").getValue()).isEqualTo(500);
        assertThat(context.getInt64("position").getValue()).isEqualTo(9_000_000_000L);
        assertThat(context.getDouble("ratio").getValue()).isEqualTo(0.25);
    }

    @Test
    void aDocumentOfThePreviousReleaseReadsBack() {
        // given a replay token as the previous release stored it
        BsonValue stored = previous.write(replay(rebuildReason()));

        // when this release reads it
        TrackingToken read = current.read(stored);

        // then it is the same token, context and all
        assertThat(read).isEqualTo(replay(rebuildReason()));
        assertThat(((ReplayToken) read).context()).isEqualTo(rebuildReason());
    }

    @Test
    void thePreviousReleaseReadsWhatThisReleaseWrites() {
        // given replay tokens written by this release, one whose context needs a decimal
        RepricingReason priced = new RepricingReason("prices fixed", new BigDecimal("12.50"));
        BsonValue plain = current.write(replay(rebuildReason()));
        BsonValue decimal = current.write(replay(priced));

        // when a node of the previous release reads them
        TrackingToken plainRead = previous.read(plain);
        TrackingToken decimalRead = previous.read(decimal);

        // then it gets the same tokens, the decimal with its scale
        assertThat(((ReplayToken) plainRead).context()).isEqualTo(rebuildReason());
        assertThat(((ReplayToken) decimalRead).context()).isEqualTo(priced);
    }

    @Test
    void aDecimalInAReplayContextKeepsItsScale() {
        // given a replay context holding 12.50
        RepricingReason priced = new RepricingReason("prices fixed", new BigDecimal("12.50"));

        // when it is written and read back
        BsonValue stored = current.write(replay(priced));
        TrackingToken read = current.read(stored);

        // then it is the same value (format 1 keeps such JSON as its string; parsed as a double it became 12.5)
        assertThat(((ReplayToken) read).context()).isEqualTo(priced);
        assertThat(stored.asDocument().get("context").isString()).isTrue();
        assertThat(((RepricingReason) ((ReplayToken) previous.read(previous.write(replay(priced)))).context()).price())
                .isEqualTo(new BigDecimal("12.5"));
    }

    private static TrackingToken replay(Object context) {
        return ReplayToken.createReplayToken(GapAwareTrackingToken.newInstance(41, List.of(38L, 40L)),
                                             GapAwareTrackingToken.newInstance(7, List.of()), context);
    }

    private static RebuildReason rebuildReason() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("orders", 3);
        counts.put("wallets", 0);
        return new RebuildReason("schema v2 \u00e9t\u00e9 \"quoted\"", 500, 9_000_000_000L, 0.25, true,
                                 List.of("a", "b"), counts, null);
    }

    private static byte[] bytes(BsonValue token) {
        BasicOutputBuffer buffer = new BasicOutputBuffer();
        new BsonDocumentCodec().encode(new BsonBinaryWriter(buffer), token.asDocument(),
                                       EncoderContext.builder().build());
        return Arrays.copyOf(buffer.getInternalBuffer(), buffer.getPosition());
    }
}
