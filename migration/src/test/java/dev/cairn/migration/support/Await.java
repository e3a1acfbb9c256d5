package dev.cairn.migration.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for a condition a processor reaches on its own thread. */
public final class Await {

    private Await() {
    }

    /** Waits until {@code condition} holds, failing with {@code what} after {@code timeout}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted waiting until " + what);
            }
        }
    }

    /** Waits until {@code size} stays the same for {@code quiet}: the processor has nothing more to handle. */
    public static void quiet(Duration quiet, java.util.function.IntSupplier size) {
        int last = -1;
        long stableSince = System.nanoTime();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            int now = size.getAsInt();
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > quiet.toNanos()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("The processor never became quiet");
    }
}
