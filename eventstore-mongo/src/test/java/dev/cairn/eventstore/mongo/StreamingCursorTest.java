package dev.cairn.eventstore.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.cairn.mongo.embedded.junit.CommandCounter;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import org.axonframework.eventhandling.EventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Catching up reads the stream through one long cursor: about one round trip per thousand commits.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class StreamingCursorTest {

    private static final int COMMITS = 3_000;

    private final CommandCounter commands = new CommandCounter();
    private MongoClient client;
    private MongoEventStorageEngine engine;

    @BeforeEach
    void setUp(MongoTarget target, MongoDatabase database) {
        client = commands.newClient(target.connectionString());
        engine = MongoEventStorageEngine.builder().database(client.getDatabase(database.getName())).build();
        for (int i = 0; i < COMMITS; i++) {
            engine.appendEvents(TestEvents.deposited("s-" + (i % 50), i / 50));
        }
        commands.reset();
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    @Test
    void catchingUpCostsAboutOneRoundTripPerThousandCommits() {
        // when
        List<String> identifiers = engine.readEvents(null, false).map(EventMessage::getIdentifier).toList();

        // then: one find with 1,000 commits, two getMores, and one final query that finds nothing new
        assertThat(identifiers).hasSize(COMMITS).doesNotHaveDuplicates();
        assertThat(commands.total()).isLessThanOrEqualTo(2 + COMMITS / 1_000 * 2L);
        assertThat(commands.count("find")).isEqualTo(2);
    }

    @Test
    void closingAStreamEarlyReleasesItsCursor() {
        // given
        Stream<? extends EventMessage<?>> stream = engine.readEvents(null, false);

        // when only part of it is read
        assertThat(stream.limit(10).count()).isEqualTo(10);
        stream.close();

        // then the server cursor is killed
        assertThat(commands.count("killCursors")).isEqualTo(1);
    }
}
