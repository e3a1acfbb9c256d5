package dev.cairn.benchmarks.internal;

import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A streaming reader as a tracking processor runs it: {@code readEvents(lastToken, false)} again and again from the
 * last token it saw, recording every event identifier delivered and every one delivered more than once.
 */
public final class DeliveryWatch implements AutoCloseable {

    private final EventStorageEngine engine;
    private final Set<String> delivered = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> deliveredAt = new ConcurrentHashMap<>();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final Thread reader;
    private volatile boolean stopped;
    private volatile RuntimeException failure;

    private DeliveryWatch(EventStorageEngine engine) {
        this.engine = engine;
        this.reader = new Thread(this::readLoop, "delivery-watch");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /**
     * Starts reading {@code engine} from its beginning.
     */
    public static DeliveryWatch start(EventStorageEngine engine) {
        return new DeliveryWatch(engine);
    }

    /**
     * Waits until every expected event was delivered or {@code drain} passed.
     *
     * @return whether all were delivered
     */
    public boolean awaitAll(Collection<String> expected, Duration drain) throws InterruptedException {
        long deadline = System.nanoTime() + drain.toNanos();
        while (!delivered.containsAll(expected)) {
            if (failure != null) {
                throw failure;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /**
     * @return how many of {@code expected} were never delivered
     */
    public long missing(Collection<String> expected) {
        return expected.stream().filter(id -> !delivered.contains(id)).count();
    }

    /**
     * @return how many of {@code ids} were delivered
     */
    public long deliveredOf(Collection<String> ids) {
        return ids.stream().filter(delivered::contains).count();
    }

    /**
     * The longest a delivered event waited between its append's acknowledgment and its delivery: it bounds how long
     * the reader stalled at a hole (an index claimed but not yet visible) in front of it, plus the reader's own
     * polling pause and its lag behind the head.
     *
     * @param acknowledgedAt each acknowledged event's {@link System#nanoTime()} at acknowledgment
     * @return milliseconds; 0 when none was delivered
     */
    public long longestWaitMillis(Map<String, Long> acknowledgedAt) {
        long longest = 0;
        for (Map.Entry<String, Long> acknowledged : acknowledgedAt.entrySet()) {
            Long at = deliveredAt.get(acknowledged.getKey());
            if (at != null) {
                longest = Math.max(longest, at - acknowledged.getValue());
            }
        }
        return longest / 1_000_000;
    }

    /**
     * @return deliveries of an event already delivered
     */
    public int duplicates() {
        return duplicates.get();
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        reader.join(10_000);
    }

    private void readLoop() {
        TrackingToken token = null;
        try {
            while (!stopped) {
                boolean any = false;
                try (Stream<? extends TrackedEventMessage<?>> stream = engine.readEvents(token, false)) {
                    Iterator<? extends TrackedEventMessage<?>> events = stream.iterator();
                    while (events.hasNext() && !stopped) {
                        TrackedEventMessage<?> event = events.next();
                        if (!delivered.add(event.getIdentifier())) {
                            duplicates.incrementAndGet();
                        } else {
                            deliveredAt.put(event.getIdentifier(), System.nanoTime());
                        }
                        token = event.trackingToken();
                        any = true;
                    }
                }
                if (!any) {
                    Thread.sleep(10);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
        }
    }
}
