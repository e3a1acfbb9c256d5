package dev.cairn.migration.internal;

import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.eventstore.mongo.support.CairnCollections.Role;
import dev.cairn.migration.AxonMongoFields;
import dev.cairn.sagas.SagaImport;
import org.axonframework.serialization.Serializer;

import java.util.List;

/**
 * What is in flight besides the events: sagas and dead letters (moved, replaced by every run) and deadlines (listed,
 * they cannot move), ADR 82.
 */
public final class InFlight {

    private final SagaCopier sagas;
    private final LetterCopier letters;
    private final DeadlineListing deadlines;
    private final Serializer letterSerializer;

    public InFlight(MongoDatabase source, String sagasCollection, String deadLettersCollection, AxonMongoFields fields,
                    Serializer letterSerializer, List<String> deadlineCollections) {
        this.sagas = new SagaCopier(source, sagasCollection);
        this.letters = new LetterCopier(source, deadLettersCollection, fields, letterSerializer);
        this.deadlines = new DeadlineListing(source, deadlineCollections);
        this.letterSerializer = letterSerializer;
    }

    /** What moved, and the deadlines that could not. */
    public record Moved(long sagas, long endedSagas, long deadLetters, List<String> deadlines) {
    }

    /**
     * Fails before anything is written unless saga and letter documents have the extension's fields.
     */
    public void check() {
        sagas.check();
        letters.check();
    }

    /**
     * @param target the target database; {@code null} for a dry run (count and list only)
     */
    public Moved move(MongoDatabase target, CairnCollections names, ProgressRecord progress) {
        SagaImport sagaImport = target == null ? null
                : SagaImport.builder().database(target).collectionName(names.name(Role.SAGAS)).build();
        SagaCopier.Copied movedSagas = sagas.copy(sagaImport);
        String letterCollection = names.name(Role.DEAD_LETTERS);
        LetterCopier.Copied movedLetters = letters.copy(
                target == null ? null : group -> LetterCopier.queue(target, letterCollection, group, letterSerializer),
                progress.deadLetterGroups());
        if (target != null) {
            progress.deadLetterGroups(movedLetters.processingGroups());
        }
        return new Moved(movedSagas.sagas(), movedSagas.ended(), movedLetters.letters(), deadlines.list());
    }
}
