package com.example.boot.ledger;

import com.example.boot.ledger.LedgerMessages.Charge;
import com.example.boot.ledger.LedgerMessages.Deposited;
import dev.cairn.sagas.SagaCommands;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;

/**
 * A saga declared the Axon way: a large deposit is handed to the {@link ReviewDesk} bean and charged a fee on card
 * {@code "fee-" + accountId} through {@link SagaCommands}, both handler parameters.
 */
@Saga
public class LargeDepositReview {

    /** Deposits from this amount are reviewed. */
    public static final long LARGE = 1_000;

    @StartSaga
    @SagaEventHandler(associationProperty = "accountId")
    public void on(Deposited event, SagaCommands commands, ReviewDesk desk) {
        if (event.amount() >= LARGE) {
            desk.review(event.accountId());
            commands.send(new Charge("fee-" + event.accountId(), 5));
        }
        SagaLifecycle.end();
    }
}
