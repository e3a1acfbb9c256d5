package dev.cairn.processing;

import org.axonframework.common.Registration;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A processor's stream waits briefly for a commit's events only on its first check after the commit's notification;
 * once it found events after it, or waited for it in vain, it answers at once until the next commit.
 */
class NotifyingEventSourceTest {

    private final List<Integer> waitsMillis = new ArrayList<>();
    private final Deque<Boolean> answers = new ArrayDeque<>();
    private Consumer<List<? extends EventMessage<?>>> subscriber;
    private final NotifyingEventSource source = NotifyingEventSource.on(eventStore());
    private final BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);

    @Test
    void withoutACommitAStreamAnswersAtOnce() {
        // Given no commit since the stream opened
        // When it is checked twice
        stream.hasNextAvailable();
        stream.hasNextAvailable();

        // Then neither check waited
        assertThat(waitsMillis).containsExactly(0, 0);
    }

    @Test
    void onlyTheFirstCheckAfterACommitWaitsWhenItsEventsDoNotCome() {
        // Given a commit whose events do not reach the stream
        commit();

        // When the stream is checked three times
        boolean first = stream.hasNextAvailable();
        stream.hasNextAvailable();
        stream.hasNextAvailable();

        // Then the first check waited for them, the others answered at once
        assertThat(first).isFalse();
        assertThat(waitsMillis).containsExactly(50, 0, 0);
    }

    @Test
    void aCheckThatFoundEventsAfterACommitAnswersTheCommit() {
        // Given a commit whose events the first check finds
        commit();
        answers.add(true);

        // When the stream is checked again after they were handled
        boolean first = stream.hasNextAvailable();
        boolean second = stream.hasNextAvailable();

        // Then only the first check could wait
        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(waitsMillis).containsExactly(50, 0);
    }

    @Test
    void eachNewCommitIsWaitedForOnce() {
        // Given a commit waited for in vain
        commit();
        stream.hasNextAvailable();
        stream.hasNextAvailable();

        // When another commit follows
        commit();
        stream.hasNextAvailable();
        stream.hasNextAvailable();

        // Then the first check after each commit waited
        assertThat(waitsMillis).containsExactly(50, 0, 50, 0);
    }

    private void commit() {
        try {
            Thread.sleep(1); // two commits never share a nanosecond timestamp
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        subscriber.accept(List.of(GenericEventMessage.asEventMessage("deposited")));
    }

    @SuppressWarnings("unchecked")
    private EventStore eventStore() {
        Object underlying = Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[]{BlockingStream.class}, (proxy, method, args) -> {
                    if (method.getName().equals("hasNextAvailable") && args != null && args.length == 2) {
                        waitsMillis.add((int) ((TimeUnit) args[1]).toMillis((Integer) args[0]));
                        return answers.isEmpty() ? Boolean.FALSE : answers.poll();
                    }
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return (EventStore) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[]{EventStore.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "subscribe" -> {
                            subscriber = (Consumer<List<? extends EventMessage<?>>>) args[0];
                            return (Registration) () -> true;
                        }
                        case "openStream" -> {
                            return underlying;
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    }
                });
    }
}
