package dev.cairn.projections.deadletter;

import com.mongodb.client.MongoDatabase;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.projections.MongoSequencedDeadLetterQueue;
import dev.cairn.projections.internal.deadletter.MongoDeadLetter;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueueTest;
import org.axonframework.messaging.deadletter.WrongDeadLetterTypeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Axon's contract suite for sequenced dead-letter queues, run against {@link MongoSequencedDeadLetterQueue}.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class MongoSequencedDeadLetterQueueTest extends SequencedDeadLetterQueueTest<EventMessage<?>> {

    private static final int MAX_SEQUENCES_AND_SEQUENCE_SIZE = 64;
    private static MongoDatabase database;

    private MongoSequencedDeadLetterQueue<EventMessage<?>> queue;

    @BeforeAll
    static void connect(MongoDatabase mongoDatabase) {
        database = mongoDatabase;
    }

    @AfterEach
    void restoreAxonClock() {
        GenericDeadLetter.clock = Clock.systemUTC();
    }

    @Override
    protected SequencedDeadLetterQueue<EventMessage<?>> buildTestSubject() {
        queue = MongoSequencedDeadLetterQueue.<EventMessage<?>>builder()
                                             .processingGroup("some-processing-group")
                                             .database(database)
                                             .maxSequences(MAX_SEQUENCES_AND_SEQUENCE_SIZE)
                                             .maxSequenceSize(MAX_SEQUENCES_AND_SEQUENCE_SIZE)
                                             .build();
        return queue;
    }

    @Override
    protected long maxSequences() {
        return MAX_SEQUENCES_AND_SEQUENCE_SIZE;
    }

    @Override
    protected long maxSequenceSize() {
        return MAX_SEQUENCES_AND_SEQUENCE_SIZE;
    }

    @Override
    protected DeadLetter<EventMessage<?>> generateInitialLetter() {
        return new GenericDeadLetter<>("sequenceIdentifier", generateEvent(), generateThrowable());
    }

    @Override
    protected DeadLetter<EventMessage<?>> generateFollowUpLetter() {
        return new GenericDeadLetter<>("sequenceIdentifier", generateEvent());
    }

    /**
     * A letter with the values of {@code deadLetter} as this queue hands them out, but not stored in it.
     */
    @Override
    protected DeadLetter<EventMessage<?>> mapToQueueImplementation(DeadLetter<EventMessage<?>> deadLetter) {
        if (deadLetter instanceof MongoDeadLetter<EventMessage<?>>) {
            return deadLetter;
        }
        return new MongoDeadLetter<>(UUID.randomUUID().toString(),
                                     ((GenericDeadLetter<EventMessage<?>>) deadLetter).getSequenceIdentifier()
                                                                                      .toString(),
                                     0L,
                                     deadLetter.message(),
                                     deadLetter.cause(),
                                     deadLetter.enqueuedAt(),
                                     deadLetter.lastTouched(),
                                     deadLetter.diagnostics());
    }

    @Override
    protected void setClock(Clock clock) {
        GenericDeadLetter.clock = clock;
    }

    /**
     * Messages read back are new instances (Axon's messages compare by identity): compare what was stored. Instants
     * are compared exactly, nanoseconds included.
     */
    @Override
    protected void assertLetter(DeadLetter<? extends EventMessage<?>> expected,
                                DeadLetter<? extends EventMessage<?>> actual) {
        EventMessage<?> expectedMessage = expected.message();
        EventMessage<?> actualMessage = actual.message();
        assertEquals(expectedMessage.getIdentifier(), actualMessage.getIdentifier());
        assertEquals(expectedMessage.getPayload(), actualMessage.getPayload());
        assertEquals(expectedMessage.getPayloadType(), actualMessage.getPayloadType());
        assertEquals(expectedMessage.getMetaData(), actualMessage.getMetaData());
        assertEquals(expectedMessage.getTimestamp(), actualMessage.getTimestamp());
        assertEquals(expected.cause(), actual.cause());
        assertEquals(expected.enqueuedAt(), actual.enqueuedAt());
        assertEquals(expected.lastTouched(), actual.lastTouched());
        assertEquals(expected.diagnostics(), actual.diagnostics());
    }

    @Test
    void evictWithALetterNotReadFromTheQueueThrowsWrongDeadLetterTypeException() {
        DeadLetter<EventMessage<?>> letter = generateInitialLetter();
        assertThrows(WrongDeadLetterTypeException.class, () -> queue.evict(letter));
        assertThrows(WrongDeadLetterTypeException.class, () -> queue.requeue(letter, l -> l));
    }

    @Test
    void builderRejectsInvalidOptionsAtOnce() {
        MongoSequencedDeadLetterQueue.Builder<EventMessage<?>> builder = MongoSequencedDeadLetterQueue.builder();
        assertThrows(AxonConfigurationException.class, () -> builder.processingGroup(""));
        assertThrows(AxonConfigurationException.class, () -> builder.processingGroup(null));
        assertThrows(AxonConfigurationException.class, () -> builder.database(null));
        assertThrows(AxonConfigurationException.class, () -> builder.collectionName(""));
        assertThrows(AxonConfigurationException.class, () -> builder.maxSequences(0));
        assertThrows(AxonConfigurationException.class, () -> builder.maxSequenceSize(-1));
        assertThrows(AxonConfigurationException.class, () -> builder.claimDuration(Duration.ZERO));
        assertThrows(AxonConfigurationException.class, () -> builder.claimDuration(null));
        assertThrows(AxonConfigurationException.class, () -> builder.serializer(null));
        assertThrows(AxonConfigurationException.class, () -> builder.clock(null));
    }

    @Test
    void buildWithoutProcessingGroupOrDatabaseThrowsAxonConfigurationException() {
        assertThrows(AxonConfigurationException.class,
                     () -> MongoSequencedDeadLetterQueue.builder().database(database).build());
        assertThrows(AxonConfigurationException.class,
                     () -> MongoSequencedDeadLetterQueue.builder().processingGroup("group").build());
    }
}
