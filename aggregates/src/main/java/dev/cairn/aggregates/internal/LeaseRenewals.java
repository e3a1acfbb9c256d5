package dev.cairn.aggregates.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Renews the leases of the idempotency keys whose commands run on this node, every third of the lease, until the
 * command's unit of work ends (ADR 74). One daemon thread for the whole node. Internal to Cairn.
 */
public final class LeaseRenewals implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(LeaseRenewals.class);

    private final IdempotencyStore store;
    private final ScheduledExecutorService scheduler;
    private final long periodMillis;

    public LeaseRenewals(IdempotencyStore store) {
        this.store = store;
        this.periodMillis = Math.max(1, store.lease().duration().toMillis() / 3);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cairn-idempotency-leases");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * @return a handle that stops renewing; renewal also stops once the key is no longer {@code owner}'s
     */
    public AutoCloseable renew(String key, String claim, String owner) {
        AtomicBoolean stopped = new AtomicBoolean();
        ScheduledFuture<?> task = scheduler.scheduleAtFixedRate(() -> {
            if (stopped.get()) {
                throw new CancellationException(); // ends this task's schedule
            }
            try {
                if (!store.renew(key, claim, owner)) {
                    stopped.set(true); // finished, or taken over after a pause: its commit decides
                }
            } catch (RuntimeException e) {
                // the next period tries again; a lease that lapses meanwhile is settled by its commit
                logger.debug("Could not renew the lease of idempotency key [{}]", key, e);
            }
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        return () -> {
            stopped.set(true);
            task.cancel(false);
        };
    }

    /**
     * @return how long between renewals
     */
    Duration period() {
        return Duration.ofMillis(periodMillis);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
