package com.example.projections;

import com.example.bank.Bank;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MessageIdentifier;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A projection that notes, in memory, the deposits one node handled; while {@link #fail()} is in force every deposit
 * it is handed throws, as a handler does whose node lost a dependency the other nodes still reach.
 */
@ProcessingGroup("node-tally")
public class NodeTally {

    private final Set<String> handled = ConcurrentHashMap.newKeySet();
    private volatile boolean failing;

    @EventHandler
    public void on(Bank.MoneyDeposited event, @MessageIdentifier String id) {
        if (failing) {
            throw new IllegalStateException("This node cannot reach what deposit " + id + " needs");
        }
        handled.add(id);
    }

    /** From now on every deposit handed to this node's handler fails. */
    public void fail() {
        failing = true;
    }

    /** @return how many distinct deposits this node handled */
    public int distinctDeposits() {
        return handled.size();
    }
}
