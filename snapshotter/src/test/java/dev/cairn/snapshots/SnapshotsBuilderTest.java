package dev.cairn.snapshots;

import com.example.snapshots.Counter;
import com.example.snapshots.Misnumbered;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.axonframework.common.AxonConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The settings of {@link CairnSnapshots}: failures name the setting, and every threshold passes one check.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class SnapshotsBuilderTest {

    private static final String MISNUMBERED_REFUSED = "The snapshot threshold of aggregate class ["
            + Misnumbered.class.getName() + "] must be positive, not 0";

    @Test
    void theBuilderRejectsMissingAndNegativeSettingsNamingThem() {
        // Given
        CairnSnapshots.Builder builder = CairnSnapshots.builder();

        // When / Then
        assertThatThrownBy(() -> builder.threshold(Counter.class, -1))
                .isInstanceOf(AxonConfigurationException.class)
                .hasMessage("The snapshot threshold of aggregate class [" + Counter.class.getName()
                                    + "] must be positive, not -1");
        assertThatThrownBy(() -> builder.threshold(null, 10))
                .isInstanceOf(AxonConfigurationException.class).hasMessageContaining("aggregate type");
        assertThatThrownBy(() -> builder.threads(0))
                .isInstanceOf(AxonConfigurationException.class).hasMessageContaining("threads");
        assertThatThrownBy(() -> builder.queueCapacity(-3))
                .isInstanceOf(AxonConfigurationException.class).hasMessageContaining("queue capacity");
        assertThatThrownBy(() -> builder.background((BackgroundOptions) null))
                .isInstanceOf(AxonConfigurationException.class).hasMessageContaining("background options");
        assertThatThrownBy(() -> builder.snapshotter(null))
                .isInstanceOf(AxonConfigurationException.class).hasMessageContaining("snapshotter options");
    }

    @Test
    void anInvalidSnapshotEveryIsRefusedEvenWhereABuilderThresholdWinsOverIt(MongoDatabase database) {
        // Given a plain Axon set-up whose builder sets a valid threshold for a class annotated @SnapshotEvery(0)
        CairnSnapshots snapshots = CairnSnapshots.builder().database(database).threshold(Misnumbered.class, 5)
                                                 .build();

        // When / Then taking its trigger refuses the annotation, as the entry point does
        assertThatThrownBy(() -> snapshots.snapshotTrigger(Misnumbered.class))
                .isInstanceOf(AxonConfigurationException.class).hasMessage(MISNUMBERED_REFUSED);
    }

    @Test
    void anInvalidSnapshotEveryFailsStartUpThroughTheEntryPoint(MongoDatabase database) {
        // Given an application whose own snapshotEvery wins over the annotation
        CairnSnapshots snapshots = CairnSnapshots.builder().build();

        // When / Then start-up still refuses the annotation, with the same message
        assertThatThrownBy(() -> Cairn.builder().database(database).aggregate(Misnumbered.class)
                                      .snapshotEvery(Misnumbered.class, 5).extension(snapshots.extension()).start())
                .isInstanceOf(AxonConfigurationException.class).hasMessage(MISNUMBERED_REFUSED);
    }

    @Test
    void aClassWithoutAnyThresholdHasNoTriggerOnAPlainConfiguration(MongoDatabase database) {
        // Given
        CairnSnapshots snapshots = CairnSnapshots.builder().database(database).build();

        // When / Then
        assertThatThrownBy(() -> snapshots.snapshotTrigger(Counter.class))
                .isInstanceOf(AxonConfigurationException.class)
                .hasMessageContaining(Counter.class.getName())
                .hasMessageContaining("@SnapshotEvery");
    }
}
