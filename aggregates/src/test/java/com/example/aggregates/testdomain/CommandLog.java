package com.example.aggregates.testdomain;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts command executions inside the aggregate and can hold an execution until released; injected into the
 * aggregate's command handlers as a configuration component.
 */
public final class CommandLog {

    private final AtomicInteger executions = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile CountDownLatch entered = new CountDownLatch(1);

    public void executed() {
        executions.incrementAndGet();
        entered.countDown();
        try {
            if (!gate.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gate not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int executions() {
        return executions.get();
    }

    public void closeGate() {
        entered = new CountDownLatch(1);
        gate = new CountDownLatch(1);
    }

    public void openGate() {
        gate.countDown();
    }

    public boolean awaitEntered() throws InterruptedException {
        return entered.await(10, TimeUnit.SECONDS);
    }
}
