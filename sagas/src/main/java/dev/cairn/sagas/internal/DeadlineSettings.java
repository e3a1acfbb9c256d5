package dev.cairn.sagas.internal;

import com.mongodb.client.MongoCollection;
import dev.cairn.eventstore.mongo.support.StoredJsonFormat;
import dev.cairn.processing.LeaseClock;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.messaging.ScopeAwareProvider;
import org.axonframework.serialization.Serializer;
import org.bson.BsonDocument;

import java.time.Clock;
import java.time.Duration;

/**
 * The validated settings of one deadline manager, as plain values: what its builder collected, handed to
 * {@link DeadlineScheduler} (the builder's javadoc states the defaults and the checks).
 *
 * @param deadlines     the deadline collection
 * @param retryBackoff  the wait before the first retry, doubled before each next one up to {@code maxBackoff}
 */
public record DeadlineSettings(MongoCollection<BsonDocument> deadlines, Serializer serializer,
                               StoredJsonFormat storedJsonFormat, ScopeAwareProvider scopeAwareProvider,
                               TransactionManager transactionManager, DeadlineManagerSpanFactory spanFactory,
                               Duration pollInterval, Duration lease, int maxAttempts, Duration retryBackoff,
                               Duration maxBackoff, String nodeId, Clock clock, LeaseClock leaseClock,
                               boolean indexCreation) {
}
