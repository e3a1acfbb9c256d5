package dev.cairn.spring.boot;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The daemon threads {@link dev.cairn.sagas.SagaCommands} sends on, as the plain entry point makes them; closed with
 * the application. Not an {@code Executor} bean, so Spring Boot's own task executor is not replaced.
 */
final class SagaCommandThreads implements AutoCloseable {

    private final ExecutorService executor;

    SagaCommandThreads() {
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "cairn-saga-commands-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    ExecutorService executor() {
        return executor;
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
