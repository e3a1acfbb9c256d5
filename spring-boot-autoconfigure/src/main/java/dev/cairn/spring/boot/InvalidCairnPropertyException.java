package dev.cairn.spring.boot;

/**
 * A Cairn property that stops the application from starting: its name, the (masked) value and what to do.
 * {@link CairnFailureAnalyzer} turns it into Spring Boot's start-up failure report.
 */
public class InvalidCairnPropertyException extends RuntimeException {

    private final String property;
    private final String action;

    /**
     * @param property the property's name, e.g. {@code cairn.mongo.database}
     * @param problem  what is wrong, never with a password
     * @param action   what to set or change
     */
    public InvalidCairnPropertyException(String property, String problem, String action) {
        super(property + ": " + problem);
        this.property = property;
        this.action = action;
    }

    /** @return the name of the property at fault */
    public String property() {
        return property;
    }

    /** @return what to do about it */
    public String action() {
        return action;
    }
}
