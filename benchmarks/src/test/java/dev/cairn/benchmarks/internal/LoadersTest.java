package dev.cairn.benchmarks.internal;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class LoadersTest {

    @Test
    void everyStreamEndsOneIntervalMinusOneEventAfterItsLastSnapshot() {
        // Given the load scenario's stream lengths and a snapshot every 100 events
        for (int size : new int[]{100, 1_000, 10_000}) {

            // When the snapshot positions are taken
            List<Long> snapshots = snapshotsOf(size, 100);

            // Then there is one every 100 events and the last one leaves a tail of 99 events to fetch
            assertThat(snapshots).as("stream of %d", size).hasSize(size / 100);
            assertThat(snapshots.get(snapshots.size() - 1)).isEqualTo(size - 100L);
            assertThat(size - 1 - snapshots.get(snapshots.size() - 1)).isEqualTo(99);
            for (int index = 1; index < snapshots.size(); index++) {
                assertThat(snapshots.get(index) - snapshots.get(index - 1)).isEqualTo(100);
            }
        }
    }

    @Test
    void aStreamShorterThanTheIntervalHasNoSnapshotAndNoIntervalMeansNone() {
        // Given / When / Then
        assertThat(snapshotsOf(50, 100)).isEmpty();
        assertThat(snapshotsOf(1_000, 0)).isEmpty();
        assertThat(snapshotsOf(3, 1)).containsExactly(0L, 1L, 2L);
    }

    private static List<Long> snapshotsOf(int size, int every) {
        return LongStream.range(0, size).filter(sequence -> Loaders.snapshotAfter(sequence, size, every))
                         .boxed().toList();
    }
}
