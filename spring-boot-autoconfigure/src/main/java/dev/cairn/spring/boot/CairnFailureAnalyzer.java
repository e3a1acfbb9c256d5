package dev.cairn.spring.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a wrong Cairn property as one start-up message naming the property, instead of the bean-creation chain.
 */
public class CairnFailureAnalyzer extends AbstractFailureAnalyzer<InvalidCairnPropertyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidCairnPropertyException cause) {
        return new FailureAnalysis("Cairn cannot start: " + cause.getMessage(), cause.action(), cause);
    }
}
