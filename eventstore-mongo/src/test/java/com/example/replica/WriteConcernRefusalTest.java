package com.example.replica;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.axonframework.common.AxonConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ADR 75: the event store refuses a write concern below a majority, with a message saying why, and takes the write
 * timeout from its own option only.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class WriteConcernRefusalTest {

    static Stream<WriteConcern> belowMajority() {
        return Stream.of(WriteConcern.W1, WriteConcern.ACKNOWLEDGED, WriteConcern.W2, WriteConcern.W3,
                         WriteConcern.JOURNALED, WriteConcern.UNACKNOWLEDGED, new WriteConcern("dataCenters"));
    }

    @ParameterizedTest
    @MethodSource("belowMajority")
    void aWriteConcernBelowMajorityIsRefusedSayingWhy(WriteConcern weak) {
        // Given a builder
        MongoEventStorageEngine.Builder builder = MongoEventStorageEngine.builder();

        // When a weaker write concern is set, then it is refused naming it and the reason
        assertThatThrownBy(() -> builder.writeConcern(weak))
                .isInstanceOf(AxonConfigurationException.class)
                .hasMessageContaining(weak.asDocument().toJson())
                .hasMessageContaining("w: \"majority\"")
                .hasMessageContaining("rolled back by a failover");
    }

    @Test
    void majorityWithOrWithoutJournalIsAccepted(MongoDatabase database) {
        // Given majority write concerns with and without journal
        // When engines are built with them, then both build
        assertThat(MongoEventStorageEngine.builder().database(database).writeConcern(WriteConcern.MAJORITY)
                                          .build()).isNotNull();
        assertThat(MongoEventStorageEngine.builder().database(database)
                                          .writeConcern(WriteConcern.MAJORITY.withJournal(false)).build()).isNotNull();
    }

    @Test
    void aWriteTimeoutOnTheWriteConcernIsRefusedPointingAtTheOption() {
        // Given a majority write concern that carries its own wtimeout
        WriteConcern withTimeout = WriteConcern.MAJORITY.withWTimeout(3, TimeUnit.SECONDS);

        // When it is set, then the builder points at writeTimeout(Duration)
        assertThatThrownBy(() -> MongoEventStorageEngine.builder().writeConcern(withTimeout))
                .isInstanceOf(AxonConfigurationException.class)
                .hasMessageContaining("writeTimeout(Duration)");
    }

    @Test
    void aWriteTimeoutBelowOneMillisecondIsRefused() {
        // Given a builder
        MongoEventStorageEngine.Builder builder = MongoEventStorageEngine.builder();

        // When a zero or negative timeout is set, then it is refused (zero would mean: wait forever)
        assertThatThrownBy(() -> builder.writeTimeout(Duration.ZERO))
                .isInstanceOf(AxonConfigurationException.class).hasMessageContaining("write timeout");
        assertThatThrownBy(() -> builder.writeTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(AxonConfigurationException.class).hasMessageContaining("write timeout");
    }
}
