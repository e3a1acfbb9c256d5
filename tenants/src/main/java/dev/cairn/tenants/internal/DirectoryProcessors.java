package dev.cairn.tenants.internal;

import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.processing.ProcessorNames;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.config.EventProcessingConfiguration;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The applications a node runs on the directory database: the shared store's and the cross-tenant one (ADR 85). Both
 * keep their processors' tokens, claims, dead letters and projection documents in that database under the processor's
 * name, so a processor name in both (the template's projection and a cross-tenant projection both called
 * {@code balances}) would make two processors of different sources share one token: each would take the other's
 * claims and positions. {@link #guard} makes the second application's start fail before any processor starts, naming
 * the processor and both applications. Names compare without their blue/green version ({@code balances@v2}), which
 * shares the projection's documents.
 */
public final class DirectoryProcessors {

    /** After Axon builds the processors, before anything reads or writes for them (ADR 44's phases start later). */
    private static final int PHASE = Integer.MIN_VALUE + 2;

    private final String database;
    private final Map<String, Claimed> claimed = new HashMap<>();

    public DirectoryProcessors(String database) {
        this.database = database;
    }

    /**
     * Makes the start of {@code builder}'s application fail with an {@link AxonConfigurationException} when one of its
     * processors has the name of a processor of another application this node runs on the directory database with the
     * same token collection. Start it with {@link #start(Cairn.Builder)}.
     *
     * @param application how errors name the application, e.g. "the cross-tenant application"
     */
    public void guard(Cairn.Builder builder, String application) {
        String tokens = builder.collections().name(CairnCollections.Role.TOKENS);
        builder.configure(configurer -> configurer.onInitialize(c -> c.onStart(PHASE, () -> {
            EventProcessingConfiguration processing = c.eventProcessingConfiguration();
            // an application without event handlers has no processing module
            claim(application, tokens, processing == null ? Set.of() : processing.eventProcessors().keySet());
        })));
    }

    /**
     * Starts the application of {@code builder}; a clash found by {@link #guard} is thrown as itself, not wrapped in
     * Axon's report of a failed start handler.
     */
    public static CairnApplication start(Cairn.Builder builder) {
        try {
            return builder.start();
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof ProcessorNameClash clash) {
                    throw new ProcessorNameClash(clash.getMessage());
                }
            }
            throw e;
        }
    }

    /** Forgets the processors of {@code application}, which stopped. */
    public synchronized void release(String application) {
        claimed.remove(application);
    }

    private synchronized void claim(String application, String tokens, Set<String> processors) {
        for (Map.Entry<String, Claimed> other : claimed.entrySet()) {
            if (other.getKey().equals(application) || !other.getValue().tokens().equals(tokens)) {
                continue;
            }
            for (String processor : processors) {
                for (String taken : other.getValue().processors()) {
                    if (ProcessorNames.baseName(processor).equals(ProcessorNames.baseName(taken))) {
                        throw new ProcessorNameClash(
                                "Processor [" + processor + "] of " + application + " has the name of processor ["
                                        + taken + "] of " + other.getKey() + ": both run on the directory database ["
                                        + database + "] and would share one token in [" + tokens + "]. Give one of "
                                        + "the projections (or sagas) another name.");
                    }
                }
            }
        }
        claimed.put(application, new Claimed(tokens, new TreeSet<>(processors)));
    }

    private record Claimed(String tokens, Set<String> processors) {
    }

    /** Two applications on the directory database with a processor of the same name. */
    static final class ProcessorNameClash extends AxonConfigurationException {
        ProcessorNameClash(String message) {
            super(message);
        }
    }
}
