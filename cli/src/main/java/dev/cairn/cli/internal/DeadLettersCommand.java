package dev.cairn.cli.internal;

import dev.cairn.eventstore.mongo.layout.StorageLayout;
import dev.cairn.projections.MongoSequencedDeadLetterQueue;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code cairn dead-letters list|retry|evict NAME}: a projection's parked events.
 */
@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        description = "List, retry and evict the dead letters of a projection (events its handlers failed on, parked "
                + "with the rest of their aggregate's sequence).",
        subcommands = {DeadLettersCommand.ListLetters.class, DeadLettersCommand.Retry.class,
                DeadLettersCommand.Evict.class})
final class DeadLettersCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    GlobalOptions options;

    @Override
    public void run() {
        throw RootCommand.missingCommand(spec);
    }

    /** @return the letters of {@code name} as stored, read for display (payloads stay serialized) */
    static MongoSequencedDeadLetterQueue<EventMessage<?>> queue(Session session, String name) {
        return MongoSequencedDeadLetterQueue.<EventMessage<?>>builder().processingGroup(name)
                                            .database(session.database()).serializer(new DisplaySerializer())
                                            .build();
    }

    static List<DeadLetter<? extends EventMessage<?>>> letters(MongoSequencedDeadLetterQueue<EventMessage<?>> queue) {
        List<DeadLetter<? extends EventMessage<?>>> letters = new ArrayList<>();
        queue.deadLetters().forEach(sequence -> sequence.forEach(letters::add));
        return letters;
    }

    static String sequenceOf(EventMessage<?> message) {
        return message instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : null;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "The dead letters of a projection, sequence by sequence, oldest first (read from storage).")
    static final class ListLetters extends CairnCommand {

        @Parameters(index = "0", paramLabel = "NAME", description = "The projection.")
        String name;

        ListLetters(Session session) {
            super(session);
        }

        @Override
        int execute() {
            session.requireKnown(name);
            List<DeadLetter<? extends EventMessage<?>>> letters = letters(queue(session, name));
            Output output = output();
            if (output.json()) {
                List<Object> documents = new ArrayList<>();
                for (DeadLetter<? extends EventMessage<?>> letter : letters) {
                    EventMessage<?> message = letter.message();
                    Cause cause = letter.cause().orElse(null);
                    documents.add(Documents.of(
                            "sequence", sequenceOf(message),
                            // the event's keys as in the event store (StorageLayout)
                            StorageLayout.EVENT_IDENTIFIER, message.getIdentifier(),
                            StorageLayout.SEQUENCE_NUMBER,
                            message instanceof DomainEventMessage<?> d ? d.getSequenceNumber() : null,
                            StorageLayout.PAYLOAD_TYPE, payloadType(message),
                            "cause", cause == null ? null : Documents.of("type", cause.type(), "message",
                                                                          session.scrub(cause.message())),
                            "enqueuedAt", Output.iso(letter.enqueuedAt()),
                            "lastTouched", Output.iso(letter.lastTouched())));
                }
                output.document(Documents.of("projection", name, "deadLetters", documents));
            } else if (letters.isEmpty()) {
                output.text("Projection [" + name + "] has no dead letters.");
            } else {
                List<List<String>> rows = new ArrayList<>();
                for (DeadLetter<? extends EventMessage<?>> letter : letters) {
                    EventMessage<?> message = letter.message();
                    rows.add(List.of(Output.orDash(sequenceOf(message)), message.getIdentifier(),
                                     DisplaySerializer.shortName(payloadType(message)),
                                     Output.time(letter.enqueuedAt()),
                                     letter.cause().map(c -> c.type() + ": " + session.scrub(c.message())).orElse("-")));
                }
                output.table(List.of("SEQUENCE", "EVENT", "PAYLOAD TYPE", "ENQUEUED (UTC)", "CAUSE"), rows);
            }
            return 0;
        }

        /** @return the payload's stored type name (the payload itself stays serialized) */
        private static String payloadType(EventMessage<?> message) {
            return DisplaySerializer.storedName(message.getPayload());
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Process a projection's dead letters again (after its handler was fixed): the oldest "
                    + "sequence, or every sequence with --all; a sequence that fails again stays parked. Needs the "
                    + "projection's handlers.")
    static final class Retry extends CairnCommand {

        @Parameters(index = "0", paramLabel = "NAME", description = "The projection.")
        String name;

        @Option(names = "--all", description = "Retry every sequence, not only the oldest.")
        boolean all;

        Retry(Session session) {
            super(session);
        }

        @Override
        int execute() {
            try (Session.Started started = session.start(name, options -> options)) {
                long sequencesBefore = queue(session, name).amountOfSequences();
                int processed;
                if (all) {
                    processed = started.projections().retryDeadLetters(name);
                } else {
                    SequencedDeadLetterProcessor<EventMessage<?>> processor =
                            started.application().configuration().eventProcessingConfiguration()
                                   .sequencedDeadLetterProcessor(name)
                                   .orElseThrow(() -> CliException.usage(
                                           "Projection [" + name + "] runs without dead-lettering"));
                    processed = sequencesBefore > 0 && processor.processAny() ? 1 : 0;
                }
                long remaining = queue(session, name).size();
                Output output = output();
                if (output.json()) {
                    output.document(Documents.of("projection", name, "sequencesBefore", sequencesBefore,
                                                 "processed", processed, "remainingLetters", remaining));
                } else {
                    output.text("Retried projection [" + name + "]'s dead letters: " + processed + " of "
                                        + sequencesBefore + " sequence(s) processed successfully; " + remaining
                                        + " letter(s) remain.");
                }
                return remaining > 0 && processed == 0 && sequencesBefore > 0 ? 1 : 0;
            }
        }
    }

    @Command(name = "evict", mixinStandardHelpOptions = true,
            description = "Remove dead letters for good, without processing them: the letters of the named events, "
                    + "or all of the projection's with --all.")
    static final class Evict extends CairnCommand {

        @Parameters(index = "0", paramLabel = "NAME", description = "The projection.")
        String name;

        @Parameters(index = "1..*", arity = "0..*", paramLabel = "EVENT_ID",
                description = "Identifiers of the events whose letters to evict (see 'dead-letters list').")
        List<String> eventIds = List.of();

        @Option(names = "--all", description = "Evict every letter of the projection.")
        boolean all;

        Evict(Session session) {
            super(session);
        }

        @Override
        int execute() {
            if (all == !eventIds.isEmpty()) {
                throw CliException.usage("Name the events whose letters to evict (EVENT_ID...) or pass --all, "
                                                 + "not both and not neither");
            }
            session.requireKnown(name);
            MongoSequencedDeadLetterQueue<EventMessage<?>> queue = queue(session, name);
            List<DeadLetter<? extends EventMessage<?>>> letters = letters(queue);
            List<String> evicted = new ArrayList<>();
            if (all) {
                letters.forEach(letter -> {
                    queue.evict(letter);
                    evicted.add(letter.message().getIdentifier());
                });
            } else {
                Set<String> wanted = new LinkedHashSet<>(eventIds);
                List<String> missing = wanted.stream().filter(id -> letters.stream().noneMatch(
                        letter -> letter.message().getIdentifier().equals(id))).toList();
                if (!missing.isEmpty()) {
                    throw CliException.usage("Projection [" + name + "] has no dead letter for event(s) " + missing
                                                     + "; 'cairn dead-letters list " + name + "' shows its letters");
                }
                // an event parked twice (say, again during a replay) has a letter each time: evict them all
                letters.stream().filter(letter -> wanted.contains(letter.message().getIdentifier())).forEach(letter -> {
                    queue.evict(letter);
                    evicted.add(letter.message().getIdentifier());
                });
            }
            long remaining = queue.size();
            Output output = output();
            if (output.json()) {
                output.document(Documents.of("projection", name, "evicted", evicted, "remainingLetters", remaining));
            } else {
                output.text("Evicted " + evicted.size() + " dead letter(s) of projection [" + name + "]; " + remaining
                                    + " remain.");
            }
            return 0;
        }
    }
}
