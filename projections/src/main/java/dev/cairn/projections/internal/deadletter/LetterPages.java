package dev.cairn.projections.internal.deadletter;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Iterates the letters of one sequence in order, reading a page at a time. Each page is a complete query, so an
 * iterator that is dropped half-way leaves no server cursor open.
 */
final class LetterPages<M extends EventMessage<?>> implements Iterator<DeadLetter<? extends M>> {

    private final LetterStore store;
    private final String sequenceIdentifier;
    private final int pageSize;
    private final Deque<MongoDeadLetter<M>> page = new ArrayDeque<>();
    private long lastIndex = -1;
    private boolean exhausted;

    LetterPages(LetterStore store, String sequenceIdentifier, int pageSize) {
        this.store = store;
        this.sequenceIdentifier = sequenceIdentifier;
        this.pageSize = pageSize;
    }

    @Override
    public boolean hasNext() {
        if (page.isEmpty() && !exhausted) {
            List<MongoDeadLetter<M>> next = store.page(sequenceIdentifier, lastIndex, pageSize);
            page.addAll(next);
            exhausted = next.size() < pageSize;
            if (!next.isEmpty()) {
                lastIndex = next.get(next.size() - 1).sequenceIndex();
            }
        }
        return !page.isEmpty();
    }

    @Override
    public DeadLetter<? extends M> next() {
        if (!hasNext()) {
            throw new NoSuchElementException("No more letters in sequence [" + sequenceIdentifier + "]");
        }
        return page.removeFirst();
    }
}
