package dev.cairn.sagas;

import org.axonframework.modelling.command.ConcurrencyException;

/**
 * Another node (or another store instance) changed or ended a saga after this store loaded it, so this update would
 * overwrite that change. Transient: the event processor rolls back and handles the event again on the current state.
 */
public class SagaConcurrencyException extends ConcurrencyException {

    public SagaConcurrencyException(String message) {
        super(message);
    }
}
