package dev.cairn.aggregates.internal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.AllowedTypes;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.eventstore.mongo.support.ReplicaSetConcerns;
import dev.cairn.processing.Lease;
import dev.cairn.processing.LeaseClock;
import dev.cairn.processing.NodeId;
import org.axonframework.config.Configuration;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * Assembles idempotent commands (ADR 11, ADR 74): the key collection with its lease, the lease renewals (stopped with
 * the application), and the interceptor that finds a key's commit through the engine. Internal to Cairn.
 */
public final class Idempotency {

    /** The path of a key's lease in its document. */
    static final String LEASE_PATH = IdempotencyStore.LEASE;

    private Idempotency() {
    }

    public static IdempotencyInterceptor interceptor(MongoDatabase db, KeyedCommits keyedCommits, Duration retention,
                                                     Duration waitTimeout, Duration leaseTime, boolean indexCreation,
                                                     MongoEventStorageEngine engine, AllowedTypes allowed,
                                                     Configuration configuration, LongAdder repeats) {
        // the key's state decides whether a command runs: written and read at majority, on the primary (ADR 75)
        MongoCollection<Document> collection = ReplicaSetConcerns.decisive(
                db.getCollection(CairnCollections.IDEMPOTENCY));
        IdempotencyStore keys = new IdempotencyStore(collection,
                                                     retention, Clock.systemUTC(),
                                                     Lease.of(LEASE_PATH, leaseTime,
                                                              LeaseClock.database()));
        keys.ensureIndexes(indexCreation);
        LeaseRenewals renewals = new LeaseRenewals(keys);
        configuration.onShutdown(renewals::close);
        return new IdempotencyInterceptor(keys, new StoredOutcomes(engine.getEventSerializer(), allowed::allows),
                                          keyedCommits, engine::findCommitKey, renewals,
                                          NodeId.generate().value(), waitTimeout, repeats);
    }
}
