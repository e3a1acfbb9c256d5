package com.example.sagas.killed;

import dev.cairn.sagas.SagaCommands;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;

import java.time.Duration;

/**
 * Charges a placed purchase and reminds it by a deadline, then ends.
 */
public class PurchaseSaga {

    static final String REMINDER = "reminder";

    private String purchaseId;

    @StartSaga
    @SagaEventHandler(associationProperty = "purchaseId")
    public void on(Purchases.Placed event, SagaCommands commands, DeadlineManager deadlines) {
        purchaseId = event.purchaseId();
        deadlines.schedule(Duration.ofMillis(300), REMINDER, new Purchases.ReminderDue(purchaseId));
        commands.send(new Purchases.Charge(purchaseId, Purchases.newChargeId()));
    }

    @DeadlineHandler(deadlineName = REMINDER)
    public void remind(Purchases.ReminderDue due, SagaCommands commands) {
        commands.send(new Purchases.Remind(purchaseId));
        SagaLifecycle.end();
    }
}
