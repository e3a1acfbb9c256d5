package dev.cairn.eventstore.mongo.internal;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonMaximumSizeExceededException;
import org.bson.BsonValue;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
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
 * once. A lone writer pays nothing extra and busy writers share round trips. Ranges of rejected commits are filled with void commits, so streaming
 * readers see them closed at once instead of waiting out the gap timeout.
 */
public final class GroupCommitter {

    private static final Logger logger = LoggerFactory.getLogger(GroupCommitter.class);
    private static final int MAX_COMMITS_PER_ROUND = 1_000;
    private static final InsertManyOptions UNORDERED = new InsertManyOptions().ordered(false);

    private final MongoCollection<BsonDocument> events;
    private final GlobalIndexAllocator allocator;
    private final RoundQueue<Pending> queue;
    private final ReentrantLock writeLock = new ReentrantLock();

    /**
     * @param maxDelay the longest a round waits for writers of recent rounds to queue again; {@link Duration#ZERO}
     *                 never waits
     */
    public GroupCommitter(MongoCollection<BsonDocument> events, GlobalIndexAllocator allocator, Duration maxDelay) {
        this.events = events;
        this.allocator = allocator;
        this.queue = new RoundQueue<>(maxDelay.toNanos(), System::nanoTime);
    }

    /**
     * Stores {@code commit}, possibly together with commits of other threads.
     *
     * @throws RuntimeException the driver's error for this commit: {@link RejectedCommitException} when the server
     *                          rejected this document, any other error when the outcome of the round is unknown
     */
    public void write(PreparedCommit commit) {
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
            insert(round, documents);
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

    private void insert(List<Pending> round, List<BsonDocument> documents) {
        try {
            if (documents.size() == 1) {
                events.insertOne(documents.get(0));
            } else {
                events.insertMany(documents, UNORDERED);
            }
        } catch (BsonMaximumSizeExceededException e) {
            if (documents.size() == 1) {
                insertVoids(List.of(voidOf(round.get(0))));
                throw e;
            }
            // the driver refuses the part of the batch holding the oversized commit, after sending earlier parts;
            // the round's _ids are reserved for it, so a stored _id is a commit of this round that landed
            Set<BsonValue> stored = storedIds(documents);
            for (int i = 0; i < round.size(); i++) {
                if (stored.contains(documents.get(i).get(CommitDocuments.ID))) {
                    continue;
                }
                try {
                    insert(List.of(round.get(i)), List.of(documents.get(i)));
                } catch (RuntimeException single) {
                    round.get(i).fail(single);
                }
            }
        } catch (MongoBulkWriteException e) {
            List<BsonDocument> voids = new ArrayList<>();
            for (BulkWriteError error : e.getWriteErrors()) {
                Pending rejected = round.get(error.getIndex());
                rejected.fail(new RejectedCommitException(error.getCode(), error.getMessage(), e));
                voids.add(voidOf(rejected));
            }
            if (e.getWriteConcernError() != null) {
                round.forEach(pending -> pending.fail(e));
            }
            insertVoids(voids);
        } catch (RuntimeException e) {
            if (MongoErrors.isRejectedWrite(e)) {
                insertVoids(List.of(voidOf(round.get(0))));
            }
            throw e;
        }
    }

    private Set<BsonValue> storedIds(List<BsonDocument> documents) {
        List<BsonValue> ids = documents.stream().map(document -> document.get(CommitDocuments.ID)).toList();
        Set<BsonValue> stored = new HashSet<>();
        events.find(Filters.in(CommitDocuments.ID, ids)).projection(Projections.include(CommitDocuments.ID))
              .forEach(document -> stored.add(document.get(CommitDocuments.ID)));
        return stored;
    }

    private static BsonDocument voidOf(Pending rejected) {
        return CommitDocuments.voidDocument(rejected.firstIndex, rejected.firstIndex + rejected.commit.size() - 1);
    }

    private void insertVoids(List<BsonDocument> voids) {
        if (voids.isEmpty()) {
            return;
        }
        try {
            events.insertMany(voids, UNORDERED);
        } catch (RuntimeException e) {
            // readers close the ranges once the gap timeout passes
            logger.debug("Could not void {} rejected commit ranges", voids.size(), e);
        }
    }

    /**
     * After a duplicate-key rejection, finds the event of {@code commit} whose stream key or identifier is already
     * stored, so the error names the aggregate and sequence number that lost the race.
     *
     * @return the conflicting event, or the first event when the conflict can no longer be found
     */
    public EventMessage<?> conflictingEvent(PreparedCommit commit) {
        Set<String> storedKeys = new HashSet<>();
        Set<String> storedIdentifiers = new HashSet<>();
        Set<String> identifiers = new HashSet<>();
        commit.events().forEach(event -> identifiers.add(event.getIdentifier()));
        Bson filter = Filters.or(Filters.in(CommitDocuments.STREAM_KEYS, commit.streamKeys()),
                                 Filters.in(CommitDocuments.EVENTS + "." + CommitDocuments.EVENT_IDENTIFIER,
                                            identifiers));
        for (BsonDocument stored : events.find(filter).projection(Projections.include(
                CommitDocuments.STREAM_KEYS, CommitDocuments.EVENTS + "." + CommitDocuments.EVENT_IDENTIFIER))) {
            stored.getArray(CommitDocuments.STREAM_KEYS, new BsonArray())
                  .forEach(key -> storedKeys.add(key.asString().getValue()));
            stored.getArray(CommitDocuments.EVENTS, new BsonArray())
                  .forEach(event -> storedIdentifiers.add(
                          event.asDocument().getString(CommitDocuments.EVENT_IDENTIFIER).getValue()));
        }
        for (EventMessage<?> event : commit.events()) {
            if (storedIdentifiers.contains(event.getIdentifier())
                    || event instanceof DomainEventMessage<?> domainEvent && storedKeys.contains(
                    CommitDocuments.streamKey(domainEvent.getAggregateIdentifier(), domainEvent.getSequenceNumber()))) {
                return event;
            }
        }
        return commit.events().get(0);
    }

    private static final class Pending {
        private final PreparedCommit commit;
        private final Thread writer;
        private long firstIndex;
        private RuntimeException failure;
        private volatile boolean done;

        private Pending(PreparedCommit commit, Thread writer) {
            this.commit = commit;
            this.writer = writer;
        }

        private void fail(RuntimeException cause) {
            if (failure == null) {
                failure = cause;
            }
        }
    }
}
