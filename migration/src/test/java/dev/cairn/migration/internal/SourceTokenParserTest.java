package dev.cairn.migration.internal;

import com.thoughtworks.xstream.XStream;
import org.axonframework.eventhandling.MergedTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoTrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.xml.XStreamSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The extension's tokens as its token store keeps them (the serializer's bytes), read as data: the timestamp and the
 * known identifiers of a {@code MongoTrackingToken}, also inside replay and merged tokens, for both serializers.
 */
class SourceTokenParserTest {

    private static final Instant AT = Instant.parse("2026-11-20T10:15:00.123Z");

    @ParameterizedTest
    @ValueSource(strings = {"jackson", "xstream"})
    void readsMongoReplayAndMergedTokens(String serializerName) {
        // given the extension's tokens serialized as its token store does
        Serializer serializer = serializer(serializerName);
        Map<String, Long> known = new LinkedHashMap<>();
        known.put("event-1", AT.toEpochMilli() - 300);
        known.put("event-2", AT.toEpochMilli());
        MongoTrackingToken token = MongoTrackingToken.of(AT, known);
        Map<String, Long> knownAtReset = new LinkedHashMap<>(); // the extension's own map type
        knownAtReset.put("event-9", AT.toEpochMilli() + 5000);
        MongoTrackingToken reset = MongoTrackingToken.of(AT.plusSeconds(5), knownAtReset);

        // when read back as data
        SourceToken plain = parse(serializer, token);
        SourceToken replay = parse(serializer, ReplayToken.createReplayToken(reset, token));
        SourceToken merged = parse(serializer, new MergedTrackingToken(token, reset));

        // then timestamps and known identifiers are the token's, at every depth
        SourceToken.Mongo expected = new SourceToken.Mongo(AT.toEpochMilli(), Set.of("event-1", "event-2"));
        SourceToken.Mongo expectedReset = new SourceToken.Mongo(AT.plusSeconds(5).toEpochMilli(), Set.of("event-9"));
        assertThat(plain).isEqualTo(expected);
        assertThat(replay).isEqualTo(new SourceToken.Replay(expectedReset, expected));
        assertThat(merged).isEqualTo(new SourceToken.Merged(expected, expectedReset));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"index\":5,\"gaps\":[]}", "<org.acme.Other><x>1</x></org.acme.Other>"})
    void anotherTokenIsRefusedSayingWhatItIs(String stored) {
        // when a token of another kind is read, then it is refused naming what was found
        assertThatThrownBy(() -> SourceTokenParser.parse(stored))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a MongoTrackingToken, ReplayToken or MergedTrackingToken");
    }

    private static SourceToken parse(Serializer serializer, TrackingToken token) {
        byte[] bytes = serializer.serialize(token, byte[].class).getData();
        return SourceTokenParser.parse(new String(bytes, StandardCharsets.UTF_8));
    }

    private static Serializer serializer(String name) {
        if (name.equals("jackson")) {
            return JacksonSerializer.defaultSerializer();
        }
        XStream xStream = new XStream();
        xStream.allowTypesByWildcard(new String[]{"org.axonframework.**"});
        return XStreamSerializer.builder().xStream(xStream).build();
    }
}
