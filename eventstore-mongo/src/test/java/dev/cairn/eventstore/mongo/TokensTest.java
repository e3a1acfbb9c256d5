package dev.cairn.eventstore.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.cairn.mongo.embedded.junit.CommandCounter;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;

import static dev.cairn.eventstore.mongo.TestEvents.deposits;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property 4: tokens and the last sequence number cost one query each, however long the streams are.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class TokensTest {

    private final CommandCounter commands = new CommandCounter();
    private MongoClient countingClient;
    private MongoEventStorageEngine engine;

    @BeforeEach
    void setUp(MongoTarget target, MongoDatabase database) {
        countingClient = commands.newClient(target.connectionString());
        engine = MongoEventStorageEngine.builder()
                                        .database(countingClient.getDatabase(database.getName()))
                                        .build();
    }

    @AfterEach
    void tearDown() {
        countingClient.close();
    }

    @Test
    void lastSequenceNumberIsOneQuery() {
        // given a 300-event stream in 30 commits and another aggregate
        for (int i = 0; i < 30; i++) {
            engine.appendEvents(deposits("long", i * 10L, 10));
        }
        engine.appendEvents(deposits("other", 0, 2));
        commands.reset();

        // when
        var last = engine.lastSequenceNumberFor("long");

        // then
        assertThat(last).hasValue(299L);
        assertThat(commands.total()).isEqualTo(1);
        assertThat(engine.lastSequenceNumberFor("missing")).isEmpty();
    }

    @Test
    void headTailAndTimeTokensAreOneQueryAtMost() {
        // given
        engine.appendEvents(deposits("a", 0, 5));
        engine.appendEvents(deposits("b", 0, 5));
        commands.reset();

        // when / then
        assertThat(engine.createTailToken()).isEqualTo(GapAwareTrackingToken.newInstance(0, java.util.List.of()));
        assertThat(commands.total()).isZero();

        assertThat(engine.createHeadToken().position()).hasValue(10);
        assertThat(commands.total()).isEqualTo(1);

        commands.reset();
        assertThat(engine.createTokenAt(Instant.parse("2000-01-01T00:00:00Z")).position()).hasValue(0);
        assertThat(commands.total()).isEqualTo(1);
    }

    @Test
    void tokenAtATimeStartsAtTheFirstEventAtOrAfterIt() {
        // given three commits with increasing timestamps
        engine.appendEvents(new org.axonframework.eventhandling.GenericDomainEventMessage<>(
                "Account", "t", 0, "early", java.util.Map.of(), "e0", Instant.parse("2026-01-01T10:00:00Z")));
        engine.appendEvents(new org.axonframework.eventhandling.GenericDomainEventMessage<>(
                "Account", "t", 1, "middle", java.util.Map.of(), "e1", Instant.parse("2026-01-01T11:00:00.000500Z")));
        engine.appendEvents(new org.axonframework.eventhandling.GenericDomainEventMessage<>(
                "Account", "t", 2, "late", java.util.Map.of(), "e2", Instant.parse("2026-01-01T12:00:00Z")));

        // when the time falls within the millisecond of the middle event, but after it
        var token = engine.createTokenAt(Instant.parse("2026-01-01T11:00:00.000600Z"));

        // then the stream starts with the late event only
        assertThat(engine.readEvents(token, false).map(EventMessage::getIdentifier).toList()).containsExactly("e2");
    }
}
