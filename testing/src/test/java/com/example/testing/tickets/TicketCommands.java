package com.example.testing.tickets;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The commands and events of {@link Ticket}.
 */
public final class TicketCommands {

    private TicketCommands() {
    }

    public record OpenTicket(String ticketId) {
    }

    public record IssueReceipt(@TargetAggregateIdentifier String ticketId) {
    }

    public record TicketOpened(String ticketId) {
    }

    public record ReceiptIssued(String ticketId, int number) {
    }
}
