package dev.cairn.sagas;

import com.fasterxml.jackson.annotation.JsonAutoDetect;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Optional bookkeeping for an orchestrated saga: keep one in the saga's state, record each step when it completed,
 * and when a later step fails or times out let it run the compensations of the completed steps, newest first. The
 * record — steps, their state, the outcome and its reason — is stored with the saga, readable in
 * {@code cairn_sagas} ({@code state.compensation}).
 * <pre>
 * compensation.completed("reserve-stock");
 * ...
 * compensation.compensate("payment declined", commands, step -&gt; switch (step) {
 *     case "reserve-stock" -&gt; new ReleaseStock(sku, orderId);
 *     default -&gt; null;                                // nothing to undo
 * });
 * </pre>
 * Each compensating command goes through {@link SagaCommands}, so it carries an idempotency key: when the handler is
 * run again (the event or deadline delivered again) the compensations already done are not repeated. The compensating
 * commands themselves should also be idempotent in the domain (releasing a released reservation does nothing). Plain
 * data (Jackson reads and writes it as a saga field); not thread-safe, like the saga holding it.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
                isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class Compensation {

    /** Where the process stands. */
    public enum Outcome { RUNNING, COMPLETED, COMPENSATED }

    /** The state of one step. */
    public enum StepState { DONE, COMPENSATED }

    /**
     * One completed step.
     *
     * @param name  the saga's name for it
     * @param state done, or compensated
     */
    public record Step(String name, StepState state) {
        public Step {
            Objects.requireNonNull(name, "A step needs a name");
            Objects.requireNonNull(state, "The state of step [" + name + "]");
        }
    }

    private List<Step> steps = new ArrayList<>();
    private Outcome outcome = Outcome.RUNNING;
    private String reason;

    /**
     * Records that step {@code name} completed (and would need compensating if a later step fails).
     *
     * @throws IllegalStateException when the process already completed or was compensated
     */
    public void completed(String name) {
        requireRunning("record step [" + name + "]");
        steps.add(new Step(name, StepState.DONE));
    }

    /** Records that the whole process completed: nothing will be compensated. */
    public void complete() {
        requireRunning("complete");
        outcome = Outcome.COMPLETED;
    }

    /**
     * Runs the compensation of every completed step, newest first, each through {@code commands}, then records the
     * outcome {@link Outcome#COMPENSATED} with {@code reason}. A step whose compensating command is {@code null} needs
     * none. If a compensating command fails, the exception propagates and the saga's unit of work rolls back: the
     * handler runs again later, and steps already compensated are not sent again (their keys are the same).
     *
     * @param compensatingCommand the command undoing a step, by step name
     * @return the names of the steps compensated by this call, in the order they were compensated
     */
    public List<String> compensate(String reason, SagaCommands commands, Function<String, Object> compensatingCommand) {
        Objects.requireNonNull(commands, "commands");
        Objects.requireNonNull(compensatingCommand, "compensatingCommand");
        requireRunning("compensate (" + reason + ")");
        List<String> compensated = new ArrayList<>();
        for (int i = steps.size() - 1; i >= 0; i--) {
            Step step = steps.get(i);
            if (step.state() == StepState.DONE) {
                Object command = compensatingCommand.apply(step.name());
                if (command != null) {
                    commands.send(command);
                }
                steps.set(i, new Step(step.name(), StepState.COMPENSATED));
                compensated.add(step.name());
            }
        }
        this.outcome = Outcome.COMPENSATED;
        this.reason = reason;
        return compensated;
    }

    /** @return the completed steps in the order they completed, with their state */
    public List<Step> steps() {
        return List.copyOf(steps);
    }

    public Outcome outcome() {
        return outcome;
    }

    /** @return why the process was compensated; {@code null} otherwise */
    public String reason() {
        return reason;
    }

    /** @return whether the process still runs (neither completed nor compensated) */
    public boolean running() {
        return outcome == Outcome.RUNNING;
    }

    private void requireRunning(String action) {
        if (outcome != Outcome.RUNNING) {
            throw new IllegalStateException("Cannot " + action + ": the process is already " + outcome
                                                    + (reason == null ? "" : " (" + reason + ")"));
        }
    }
}
