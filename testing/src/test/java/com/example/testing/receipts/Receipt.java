package com.example.testing.receipts;

/**
 * What issuing a ticket's receipt returns; in a package of its own, outside the ticket's.
 *
 * @param ticketId the ticket
 * @param number   the receipt's number on that ticket, from 1
 */
public record Receipt(String ticketId, int number) {
}
