package dev.cairn.eventstore.mongo.internal;


import com.mongodb.client.MongoCollection;
import dev.cairn.eventstore.mongo.support.MongoErrors;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.bson.BsonDocument;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Stores prepared commits, combining commits that arrive concurrently from different threads into one ordered insert
 * (group commit) whose documents claim their global indexes by being inserted (ADR 70).
 * <p>
 * Each commit is still its own document, so it is still stored entirely or not at all, and each caller learns the
 * outcome of its own commit only. A thread that finds no round in progress writes everything queued so far (after a
 * short wait for the writers of recent rounds, see {@link RoundQueue}) while later arrivals queue up for the next
 * round; the members of a written round are woken at once. A lone writer pays nothing extra and busy writers share
 * round trips.
 * <p>
 * A round is laid out from the {@link ClaimHead}, each commit taking the indexes right after the previous one, and
 * written in passes until every member is settled. The server stores a prefix of each pass; the member after it was
 * rejected, and the rest did not run. A member rejected on {@code _id} lost its claim to another node's commit: the
 * head is refreshed and the member and the ones after it are laid out again. A member rejected on its stream keys or
 * event identifiers fails alone, and the ones after it take its indexes. No index is ever left empty below a stored
 * commit, so nothing is voided and readers never wait on a gap.
 */
public final class GroupCommitter {

    private static final int MAX_COMMITS_PER_ROUND = 1_000;
    private static final int LOST_CLAIMS_BEFORE_BACKOFF = 8;

    private final RoundWriter writer;
    private final ClaimHead head;
    private final EventQueries queries;
    private final CommitKeyLookup keys;
    private final RoundQueue<Pending> queue;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final long visibilityTimeoutNanos;
    private int lostInARow;
    private volatile int mostLostByOneCommit; // written under the lock, read by anyone

    /**
     * @param maxDelay          the longest a round waits for writers of recent rounds to queue again;
     *                          {@link Duration#ZERO} never waits
     * @param visibilityTimeout how long a member keeps claiming again while the commit that took its index is not yet
     *                          visible to the head's majority reads, before it fails
     */
    public GroupCommitter(MongoCollection<BsonDocument> events, ClaimHead head, EventQueries queries,
                          CommitKeyLookup keys, Duration maxDelay, Duration visibilityTimeout) {
        this.writer = new RoundWriter(events);
        this.head = head;
        this.queries = queries;
        this.keys = keys;
        this.queue = new RoundQueue<>(maxDelay.toNanos(), System::nanoTime);
        this.visibilityTimeoutNanos = visibilityTimeout.toNanos();
    }

    /**
     * Stores {@code commit}, possibly together with commits of other threads.
     *
     * @return the global index of the commit's first event
     * @throws RuntimeException the driver's error for this commit: {@link RejectedCommitException} when the server
     *                          rejected this document, {@link KeyTakenRejection} when another commit holds its
     *                          idempotency claim, any other error when the outcome of the round is unknown
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
     * @return the most claims one commit lost before it was stored or failed (for tests and benchmarks)
     */
    public int mostLostByOneCommit() {
        return mostLostByOneCommit;
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
        long started = System.nanoTime();
        List<Pending> unsettled = round;
        try {
            VisibilityWait visibility = new VisibilityWait(visibilityTimeoutNanos);
            while (!unsettled.isEmpty()) {
                RoundWriter.Outcome outcome = writer.write(layOut(unsettled));
                for (Pending member : unsettled.subList(0, outcome.stored())) {
                    settleStored(member);
                }
                if (outcome.stored() == unsettled.size()) {
                    break;
                }
                Pending next = unsettled.get(outcome.stored());
                List<Pending> after = unsettled.subList(outcome.stored() + 1, unsettled.size());
                unsettled = unsettled.subList(outcome.stored(), unsettled.size());
                if (outcome.rejection() == null) {
                    continue; // not run: laid out again
                }
                Classified classified = classify(next, outcome.rejection());
                switch (classified.kind()) {
                    case STORED -> {
                        settleStored(next);
                        unsettled = after;
                    }
                    case KEY_TAKEN -> {
                        next.fail(classified.failure());
                        unsettled = after;
                    }
                    case LOST_CLAIM -> {
                        next.lost++;
                        backOffAfterLostClaims();
                    }
                    case NOT_YET_VISIBLE -> {
                        if (!visibility.pause()) {
                            // not a conflict: the member must not surface as a duplicate key (ConcurrencyException)
                            next.fail(new EventStoreException(
                                    "Global index " + next.firstIndex + " was taken by a commit that majority reads "
                                            + "did not show within " + visibility.timeoutMillis() + " ms; nothing of "
                                            + "this append was stored: " + outcome.rejection().getMessage()));
                            unsettled = after;
                        }
                    }
                    case REJECTED -> {
                        next.fail(classified.failure());
                        unsettled = after;
                    }
                }
            }
        } catch (RuntimeException e) {
            unsettled.forEach(pending -> pending.fail(e));
        } catch (Error e) {
            // the other writers of the round must not take an unfinished round for a stored one
            unsettled.forEach(pending -> pending.fail(new EventStoreException("Appending failed: " + e, e)));
            throw e;
        } finally {
            queue.roundWritten(round.size(), System.nanoTime() - started);
            for (Pending pending : round) {
                mostLostByOneCommit = Math.max(mostLostByOneCommit, pending.lost);
                // members leave at once instead of waiting for the lock behind the next round
                pending.done = true;
                LockSupport.unpark(pending.writer);
            }
        }
    }

    private List<BsonDocument> layOut(List<Pending> members) {
        int indexes = members.stream().mapToInt(pending -> pending.commit.size()).sum();
        long first = head.firstOfNextRound(indexes);
        List<BsonDocument> documents = new ArrayList<>(members.size());
        for (Pending pending : members) {
            pending.firstIndex = first;
            documents.add(CommitDocuments.toDocument(pending.commit, first));
            first += pending.commit.size();
        }
        return documents;
    }

    private void settleStored(Pending member) {
        head.stored(member.firstIndex + member.commit.size() - 1);
        lostInARow = 0;
    }

    private enum Rejection { STORED, KEY_TAKEN, LOST_CLAIM, NOT_YET_VISIBLE, REJECTED }

    /**
     * @param failure what a {@code REJECTED} member fails with: the server's rejection, naming the conflicting event
     *                when one was found; for {@code KEY_TAKEN} the {@link KeyTakenRejection}
     */
    private record Classified(Rejection kind, RuntimeException failure) {
    }

    /**
     * Tells a lost claim from a conflict without reading the error message (ADR 8): the claim was lost when a commit
     * now starts at the member's first index; a conflict needs a stored stream key or event identifier of the member.
     * Neither means a commit not yet visible to a majority read took the index: the caller claims again, with growing
     * pauses, until the visibility timeout.
     * <p>
     * A member carrying an idempotency key is first looked up by its claim (ADR 74), whichever unique index the
     * server named: the member's own retried insert is stored; another commit with that claim is the key's outcome
     * ({@code KEY_TAKEN}), even when the same insert also collided on its stream keys or its index.
     */
    private Classified classify(Pending member, RuntimeException rejection) {
        if (!MongoErrors.isDuplicateKey(rejection)) {
            return new Classified(Rejection.REJECTED, rejection);
        }
        if (member.commit.key() != null) {
            Optional<CommitKeyLookup.Found> found = keys.find(member.commit.key().claim());
            if (found.isPresent()) {
                if (found.get().eventIdentifiers().equals(member.eventIdentifiers())) {
                    member.firstIndex = found.get().firstIndex();
                    return new Classified(Rejection.STORED, null);
                }
                return new Classified(Rejection.KEY_TAKEN, new KeyTakenRejection(found.get().key()));
            }
        }
        ClaimHead.Refresh refresh = head.refresh();
        if (refresh.rose()) {
            if (refresh.eventsAboveBefore().equals(member.eventIdentifiers())) {
                return new Classified(Rejection.STORED, null); // a retried insert of this very commit had landed
            }
            head.lost();
            return new Classified(Rejection.LOST_CLAIM, null);
        }
        Optional<EventMessage<?>> conflict = queries.conflict(member.commit);
        if (conflict.isPresent()) {
            return new Classified(Rejection.REJECTED, rejection instanceof RejectedCommitException rejected
                    ? rejected.conflictingOn(conflict.get()) : rejection);
        }
        head.lost();
        return new Classified(Rejection.NOT_YET_VISIBLE, null);
    }

    private void backOffAfterLostClaims() {
        if (++lostInARow >= LOST_CLAIMS_BEFORE_BACKOFF) {
            // a faster node keeps taking the head: let a round of it pass before claiming again
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(Duration.ofMillis(1).toNanos()));
        }
    }

    private static final class Pending {
        private final PreparedCommit commit;
        private final Thread writer;
        private long firstIndex;
        private int lost;
        private RuntimeException failure;
        private volatile boolean done;

        private Pending(PreparedCommit commit, Thread writer) {
            this.commit = commit;
            this.writer = writer;
        }

        private List<String> eventIdentifiers() {
            return commit.events().stream().map(EventMessage::getIdentifier).toList();
        }

        private void fail(RuntimeException cause) {
            if (failure == null) {
                failure = cause;
            }
        }
    }
}
