package dev.cairn.aggregates;

/**
 * A Cairn application could not start because of its environment rather than its configuration: MongoDB is not
 * reachable in time, or refused the credentials. The message names the hosts (never a password) and what to check.
 */
public class CairnStartupException extends RuntimeException {

    public CairnStartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
