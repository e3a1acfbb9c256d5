package dev.cairn.eventstore.mongo;

import com.mongodb.client.MongoDatabase;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The position a thread's last append reached, for reading one's own writes from a projection.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class LastAppendedPositionTest {

    @Test
    void eachThreadSeesThePositionOfItsOwnLastAppend(MongoDatabase database) throws Exception {
        // given
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        assertThat(engine.lastAppendedPosition()).isEmpty();

        // when this thread appends three events in one commit, and another thread one more
        engine.appendEvents(TestEvents.deposits("acct-p", 0, 3));
        OptionalLong other = CompletableFuture.supplyAsync(() -> {
            engine.appendEvents(TestEvents.deposits("acct-q", 0, 1));
            return engine.lastAppendedPosition();
        }).get();

        // then each sees its own last event's global index
        assertThat(engine.lastAppendedPosition()).hasValue(3);
        assertThat(other).hasValue(4);
        assertThat(engine.createHeadToken().position()).hasValue(4);
    }
}
