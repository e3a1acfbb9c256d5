package dev.cairn.testing.internal;

import dev.cairn.aggregates.EventTypeCheck;
import dev.cairn.aggregates.MutableEventTypeException;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.ResultValidator;
import org.axonframework.test.aggregate.TestExecutor;
import org.hamcrest.BaseMatcher;
import org.hamcrest.Description;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One given/when run on Axon's in-memory fixture, with Cairn's checks before (given events, state after given) and
 * after (emitted events). Internal to Cairn.
 */
public final class InMemoryFixtureRun<T> {

    private static final String UNKNOWN_IDENTIFIER = "aggregate-under-test";

    private final FixtureSettings<T> settings;
    private final AggregateTestFixture<T> axonFixture;

    public InMemoryFixtureRun(FixtureSettings<T> settings, AggregateTestFixture<T> axonFixture) {
        this.settings = settings;
        this.axonFixture = axonFixture;
    }

    /**
     * Checks the given phase, runs given and when on Axon's fixture, checks the emitted events.
     */
    public ResultValidator<T> run(Given given, Object command, Map<String, ?> metaData, String targetIdentifier) {
        checkSourcedEventTypes();
        checkGiven(given, targetIdentifier);
        TestExecutor<T> executor = switch (given.kind()) {
            case NOTHING -> axonFixture.givenNoPriorActivity();
            case EVENTS -> axonFixture.given(given.items());
            case COMMANDS -> axonFixture.givenCommands(given.items());
        };
        ResultValidator<T> validator = executor.when(command, metaData);
        emittedEvents(validator).forEach(event -> settings.checkEvent(event.getPayload()));
        if (settings.snapshotCheck()) {
            stateAfterWhen(validator).ifPresent(settings::checkSnapshot);
        }
        return validator;
    }

    private void checkGiven(Given given, String targetIdentifier) {
        if (given.kind() == Given.Kind.NOTHING) {
            return;
        }
        Class<T> type = settings.aggregateType();
        try (InMemoryAggregateStack<T> stack = new InMemoryAggregateStack<>(type, settings.resources())) {
            List<DomainEventMessage<?>> events;
            if (given.kind() == Given.Kind.EVENTS) {
                given.eventPayloads().forEach(settings::checkEvent);
                events = given.asDomainEvents(AnnotatedAggregateMetaModelFactory.inspectAggregate(type).type(),
                                              targetIdentifier != null ? targetIdentifier : UNKNOWN_IDENTIFIER);
                stack.append(events);
            } else {
                events = stack.execute(given.items());
                events.forEach(event -> settings.checkEvent(event.getPayload()));
            }
            if (settings.snapshotCheck() && !events.isEmpty()) {
                settings.checkSnapshot(stack.load(events.get(events.size() - 1).getAggregateIdentifier()));
            }
        }
    }

    private void checkSourcedEventTypes() {
        if (!settings.immutabilityCheck()) {
            return;
        }
        try {
            EventTypeCheck.requireImmutableEvents(List.of(settings.aggregateType()));
        } catch (MutableEventTypeException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /**
     * The aggregate after {@code when}, through Axon's public {@code expectState}; empty when the command failed or
     * left no aggregate (Axon's validator refuses to show the state then).
     */
    private static <T> java.util.Optional<T> stateAfterWhen(ResultValidator<T> validator) {
        List<T> state = new ArrayList<>(1);
        try {
            validator.expectState(state::add);
        } catch (RuntimeException | AssertionError e) {
            return java.util.Optional.empty();
        }
        return state.stream().findFirst();
    }

    /**
     * Reads the events Axon's fixture recorded, through its public matcher API.
     */
    private static List<EventMessage<?>> emittedEvents(ResultValidator<?> validator) {
        List<EventMessage<?>> captured = new ArrayList<>();
        validator.expectEventsMatching(new BaseMatcher<List<? super EventMessage<?>>>() {
            @Override
            public boolean matches(Object actual) {
                for (Object event : (List<?>) actual) {
                    captured.add((EventMessage<?>) event);
                }
                return true;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("any events");
            }
        });
        return captured;
    }
}
