package com.example.testing.tickets;

import com.example.testing.receipts.Receipt;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A support ticket whose receipts are a type of another package ({@link Receipt}): a command result the allowed
 * stored types must admit before a repeated idempotent command can replay it.
 */
public class Ticket {

    @AggregateIdentifier
    private String ticketId;
    private int receipts;

    protected Ticket() {
        // for Axon and for snapshots
    }

    @CommandHandler
    public Ticket(TicketCommands.OpenTicket command) {
        apply(new TicketCommands.TicketOpened(command.ticketId()));
    }

    @CommandHandler
    public Receipt handle(TicketCommands.IssueReceipt command) {
        int number = receipts + 1;
        apply(new TicketCommands.ReceiptIssued(ticketId, number));
        return new Receipt(ticketId, number);
    }

    @EventSourcingHandler
    void on(TicketCommands.TicketOpened event) {
        ticketId = event.ticketId();
    }

    @EventSourcingHandler
    void on(TicketCommands.ReceiptIssued event) {
        receipts = event.number();
    }
}
