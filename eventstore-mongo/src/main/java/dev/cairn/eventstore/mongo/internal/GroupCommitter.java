package dev.cairn.eventstore.mongo.internal;


import com.mongodb.client.MongoCollection;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.bson.BsonDocument;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Stores prepared commits, combining commits that arrive concurrently from different threads into one counter
 * allocation and one unordered multi-document insert (group commit).
 * <p>
 * Each commit is still its own document, so it is still stored entirely or not at all, and each caller learns the
 * outcome of its own commit only: an unordered insert reports failures per document. A thread that finds no round
 * in progress writes everything queued so far (after a short wait for the writers of recent rounds, see
 * {@link RoundQueue}) while later arrivals queue up for the next round; the members of a written round are woken at
 * once. A lone writer pays nothing extra and busy writers share round trips. Writing a round, and recovering
 * from its rejected commits, is {@link RoundWriter}'s part.
 */
public final class GroupCommitter {

    private static final int MAX_COMMITS_PER_ROUND = 1_000;

    private final RoundWriter writer;
    private final GlobalIndexAllocator allocator;
    private final RoundQueue<Pending> queue;
    private final ReentrantLock writeLock = new ReentrantLock();

    /**
     * @param maxDelay the longest a round waits for writers of recent rounds to queue again; {@link Duration#ZERO}
     *                 never waits
     */
    public GroupCommitter(MongoCollection<BsonDocument> events, GlobalIndexAllocator allocator, Duration maxDelay) {
        this.writer = new RoundWriter(events);
        this.allocator = allocator;
        this.queue = new RoundQueue<>(maxDelay.toNanos(), System::nanoTime);
    }

    /**
     * Stores {@code commit}, possibly together with commits of other threads.
     *
     * @return the global index of the commit's first event
     * @throws RuntimeException the driver's error for this commit: {@link RejectedCommitException} when the server
     *                          rejected this document, any other error when the outcome of the round is unknown
     */
    public long write(PreparedCommit commit) {
        Pending pending = new Pending(commit, Thread.currentThread());
        queue.add(pending);
        boolean interrupted = false;
        while (!pending.done) {
            if (writeLock.tryLock()) {
                try {
                    if (!pending.done) {
                        writeRound();
                    }
                } finally {
                    writeLock.unlock();
                    wakeNextWriter();
                }
            } else {
                // woken when a round holding this commit is written, or when the lock is free for a next round
                LockSupport.park(this);
                // a queued commit may be written any moment, so the writer keeps waiting for its outcome
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (pending.failure != null) {
            throw pending.failure;
        }
        return pending.firstIndex;
    }

    /**
     * @return how many commits wait for the next round (for tests that need a full round)
     */
    int queuedCommits() {
        return queue.size();
    }

    private void wakeNextWriter() {
        Pending next = queue.peek();
        if (next != null) {
            LockSupport.unpark(next.writer);
        }
    }

    private void writeRound() {
        List<Pending> round = queue.gather(MAX_COMMITS_PER_ROUND);
        int indexes = round.stream().mapToInt(pending -> pending.commit.size()).sum();
        long started = System.nanoTime();
        try {
            long first = allocator.allocate(indexes);
            List<BsonDocument> documents = new ArrayList<>(round.size());
            for (Pending pending : round) {
                pending.firstIndex = first;
                documents.add(CommitDocuments.toDocument(pending.commit, first));
                first += pending.commit.size();
            }
            writer.write(round, documents);
        } catch (RuntimeException e) {
            round.forEach(pending -> pending.fail(e));
        } catch (Error e) {
            // the other writers of the round must not take an unfinished round for a stored one
            round.forEach(pending -> pending.fail(new EventStoreException("Appending failed: " + e, e)));
            throw e;
        } finally {
            queue.roundWritten(round.size(), System.nanoTime() - started);
            for (Pending pending : round) {
                // members leave at once instead of waiting for the lock behind the next round
                pending.done = true;
                LockSupport.unpark(pending.writer);
            }
        }
    }

    private static final class Pending implements RoundWriter.Member {
        private final PreparedCommit commit;
        private final Thread writer;
        private long firstIndex;
        private RuntimeException failure;
        private volatile boolean done;

        private Pending(PreparedCommit commit, Thread writer) {
            this.commit = commit;
            this.writer = writer;
        }

        @Override
        public PreparedCommit commit() {
            return commit;
        }

        @Override
        public long firstIndex() {
            return firstIndex;
        }

        @Override
        public void fail(RuntimeException cause) {
            if (failure == null) {
                failure = cause;
            }
        }
    }
}
