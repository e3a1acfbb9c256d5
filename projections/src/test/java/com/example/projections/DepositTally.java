package com.example.projections;

import com.example.bank.Bank;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MessageIdentifier;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A projection whose handlers write nothing to storage: it notes, in memory, every deposit it was handed (a cache, a
 * metric, a notification would look alike to the processor).
 */
@ProcessingGroup("deposit-tally")
public class DepositTally {

    private final Set<String> handled = ConcurrentHashMap.newKeySet();

    @EventHandler
    public void on(Bank.MoneyDeposited event, @MessageIdentifier String id) {
        handled.add(id);
    }

    /** @return how many distinct deposits were handled */
    public int distinctDeposits() {
        return handled.size();
    }

    /** @return the identifiers of the deposits handled */
    public Set<String> handledIds() {
        return Set.copyOf(handled);
    }
}
