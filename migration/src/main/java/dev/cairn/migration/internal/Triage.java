package dev.cairn.migration.internal;

import dev.cairn.eventstore.mongo.layout.StorageLayout;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides, source event by source event, what a run does with it: copy it, skip it as already copied (its identifier
 * is in the target), skip it as a repeat of an identifier this run copied, or skip it as a conflict: an event with
 * its own identifier at an aggregate's sequence number that another event (stored before, or copied in this run) holds
 * already. Repeats and conflicts are listed (the first {@value #LISTED} of each), never guessed at: the source's
 * first occurrence in its stream order is what is copied.
 */
final class Triage {

    /** Listed at most per kind; the rest are counted. */
    static final int LISTED = 1000;

    enum Verdict { COPY, ALREADY_COPIED, REPEATED, CONFLICTING }

    private final CommitWriter.Stored before;
    private final IdentifierSet identifiers = new IdentifierSet();
    private final IdentifierSet streamKeys = new IdentifierSet();
    private final List<String> repeated = new ArrayList<>();
    private final List<String> conflicting = new ArrayList<>();
    private long repeatedCount;
    private long conflictingCount;

    /** @param before what the target held when the run started */
    Triage(CommitWriter.Stored before) {
        this.before = before;
    }

    Verdict judge(SourceEvent event) {
        if (before.identifiers().contains(event.eventIdentifier())) {
            return Verdict.ALREADY_COPIED;
        }
        if (!identifiers.add(event.eventIdentifier())) {
            if (repeatedCount++ < LISTED) {
                repeated.add(event.eventIdentifier());
            }
            return Verdict.REPEATED;
        }
        if (event.isDomainEvent()) {
            String key = StorageLayout.streamKey(event.aggregateIdentifier(), event.sequenceNumber());
            if (before.streamKeys().contains(key) || !streamKeys.add(key)) {
                if (conflictingCount++ < LISTED) {
                    conflicting.add("event [" + event.eventIdentifier() + "] of aggregate ["
                                            + event.aggregateIdentifier() + "] at sequence number "
                                            + event.sequenceNumber() + ": another event holds that sequence number");
                }
                return Verdict.CONFLICTING;
            }
        }
        return Verdict.COPY;
    }

    /** @return the repeated identifiers, then how many more were not listed */
    List<String> repeated() {
        return withRest(repeated, repeatedCount, "duplicate identifiers");
    }

    /** @return the conflicting events, then how many more were not listed */
    List<String> conflicting() {
        return withRest(conflicting, conflictingCount, "events holding a taken sequence number");
    }

    private static List<String> withRest(List<String> listed, long count, String what) {
        List<String> all = new ArrayList<>(listed);
        if (count > listed.size()) {
            all.add("(" + (count - listed.size()) + " more " + what + " not listed)");
        }
        return all;
    }
}
