package dev.cairn.snapshots;

import com.example.snapshots.Reminder;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshots name an aggregate by its type without inspecting its handlers, so an aggregate whose handlers take
 * components of the application (resolved only by its configuration, such as a {@code DeadlineManager}) is snapshotted
 * like any other.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class ComponentParametersTest {

    @Test
    void anAggregateWhoseHandlerTakesAComponentStartsAndIsSnapshotted(MongoDatabase database) throws Exception {
        // given
        CairnSnapshots snapshots = CairnSnapshots.builder().build();
        try (CairnApplication app = Cairn.builder().database(database).aggregate(Reminder.class)
                                         .extension(snapshots.extension()).start()) {

            // when: two events, the threshold of its @SnapshotEvery(2)
            app.commandGateway().sendAndWait(new Reminder.Open("reminder-1"));
            app.commandGateway().sendAndWait(new Reminder.Poke("reminder-1"));
            assertThat(snapshots.snapshotter().awaitIdle(Duration.ofSeconds(10))).isTrue();

            // then
            assertThat(database.getCollection("snapshots").countDocuments(Filters.eq("_id", "reminder-1")))
                    .isEqualTo(1);
            assertThat(snapshots.housekeeping().stats(Reminder.class).count()).isEqualTo(1);
        }
    }
}
