package dev.cairn.projections.internal.deadletter;

import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.eventstore.mongo.support.StoredJsonFormat;
import dev.cairn.processing.LeaseClock;
import org.axonframework.serialization.Serializer;

import java.time.Clock;
import java.time.Duration;

/**
 * The validated settings of one dead-letter queue, as plain values: what the public queue's builder collected, handed
 * to {@link LetterQueue}. The builder's javadoc states each setting; the defaults are declared here, once.
 *
 * @param claimDuration how long a processing claim on a sequence holds, judged on {@code leaseClock}
 * @param clock         this node's clock, for the {@code claim.at} nodes of the previous format judge claims by
 */
public record QueueSettings(String processingGroup, MongoDatabase database, String collectionName, int maxSequences,
                            int maxSequenceSize, Duration claimDuration, Serializer serializer, Clock clock,
                            LeaseClock leaseClock, boolean indexCreation, StoredJsonFormat storedJsonFormat) {

    public static final String DEFAULT_COLLECTION = CairnCollections.DEAD_LETTERS;
    public static final int DEFAULT_MAX_SEQUENCES = 1024;
    public static final int DEFAULT_MAX_SEQUENCE_SIZE = 1024;
    public static final Duration DEFAULT_CLAIM_DURATION = Duration.ofSeconds(30);
}
