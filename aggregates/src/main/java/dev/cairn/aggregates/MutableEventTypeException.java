package dev.cairn.aggregates;

import org.axonframework.common.AxonConfigurationException;

import java.util.List;

/**
 * Start-up failure: an aggregate sources events of a type that is neither a record nor a class whose fields are all
 * final. The message lists every offending class and field.
 */
public class MutableEventTypeException extends AxonConfigurationException {

    private final transient List<EventTypeCheck.Violation> violations;

    public MutableEventTypeException(List<EventTypeCheck.Violation> violations) {
        super(describe(violations));
        this.violations = List.copyOf(violations);
    }

    /**
     * @return each offending event class and field
     */
    public List<EventTypeCheck.Violation> violations() {
        return violations;
    }

    private static String describe(List<EventTypeCheck.Violation> violations) {
        StringBuilder message = new StringBuilder(
                "Event types must be immutable: a record, or a class whose fields are all final. Offending:");
        violations.forEach(v -> message.append("\n  - ").append(v.describe()));
        return message.toString();
    }
}
