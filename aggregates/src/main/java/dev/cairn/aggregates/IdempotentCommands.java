package dev.cairn.aggregates;

import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.internal.Idempotency;
import dev.cairn.aggregates.internal.KeyedCommits;
import dev.cairn.aggregates.internal.SettingChecks;
import dev.cairn.eventstore.mongo.AllowedTypes;
import dev.cairn.eventstore.mongo.CommitKeys;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import org.axonframework.config.Configuration;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * Idempotent commands (ADR 11, ADR 74) for an application assembled elsewhere than {@link Cairn#builder()}, such as
 * Spring Boot's auto-configuration: the same parts the builder puts together, in two steps because the engine and the
 * command bus are built at different times.
 * <ol>
 *     <li>pass {@link #commitKeys()} to the engine's {@link MongoEventStorageEngine.Builder#commitKeys}, so that a
 *     key's commit carries it;</li>
 *     <li>once Axon's configuration exists, call {@link #install} to register the event store's dispatch interceptor
 *     and the command bus's handler interceptor (the key collection and its TTL index with it).</li>
 * </ol>
 *
 * Settings: how long a key is remembered (the builder's default 24 hours), how long a duplicate waits for a first
 * execution still in progress (30 seconds), how long an executing send holds its key unrenewed (5 seconds), whether
 * the key collection's indexes are created or only checked.
 */
public final class IdempotentCommands {

    private final Duration retention;
    private final Duration waitTimeout;
    private final Duration lease;
    private final boolean indexCreation;
    private final KeyedCommits keyedCommits = new KeyedCommits();
    private final LongAdder repeats = new LongAdder();

    private IdempotentCommands(Duration retention, Duration waitTimeout, Duration lease, boolean indexCreation) {
        this.retention = SettingChecks.positive(retention, "idempotencyRetention");
        this.waitTimeout = SettingChecks.positive(waitTimeout, "idempotencyWaitTimeout");
        this.lease = SettingChecks.positive(lease, "idempotencyLease");
        this.indexCreation = indexCreation;
    }

    /**
     * @return the parts with the builder's defaults (24 hours, 30 seconds, 5 seconds, indexes created)
     */
    public static IdempotentCommands defaults() {
        return of(Duration.ofHours(24), Duration.ofSeconds(30), Duration.ofSeconds(5), true);
    }

    /**
     * @return the parts with these settings (each duration positive)
     * @throws org.axonframework.common.AxonConfigurationException naming the setting that is not positive
     */
    public static IdempotentCommands of(Duration retention, Duration waitTimeout, Duration lease,
                                        boolean indexCreation) {
        return new IdempotentCommands(retention, waitTimeout, lease, indexCreation);
    }

    /** @return what the engine needs to store a command's key with its commit */
    public CommitKeys commitKeys() {
        return keyedCommits;
    }

    /**
     * @return how many commands were answered with a key's first outcome (result or failure) instead of being
     * executed again, since {@link #install}; meter {@code cairn.idempotent.repeats}
     */
    public long repeats() {
        return repeats.sum();
    }

    /**
     * Registers the interceptors on {@code configuration}'s event store and command bus.
     *
     * @param database the database of the key collection ({@value Cairn#IDEMPOTENCY_COLLECTION})
     * @param engine   the engine built with {@link #commitKeys()}
     * @param allowed  the stored types a repeated command's stored result may name
     */
    public void install(Configuration configuration, MongoDatabase database, MongoEventStorageEngine engine,
                        AllowedTypes allowed) {
        configuration.eventStore().registerDispatchInterceptor(keyedCommits);
        configuration.commandBus().registerHandlerInterceptor(
                Idempotency.interceptor(database, keyedCommits, retention, waitTimeout, lease,
                                        indexCreation, engine, allowed, configuration,
                                        repeats));
    }
}
