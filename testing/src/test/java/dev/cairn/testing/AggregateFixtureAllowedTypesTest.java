package dev.cairn.testing;

import com.example.testing.receipts.Receipt;
import com.example.testing.tickets.Ticket;
import com.example.testing.tickets.TicketCommands.IssueReceipt;
import com.example.testing.tickets.TicketCommands.OpenTicket;
import com.example.testing.tickets.TicketCommands.ReceiptIssued;
import com.example.testing.tickets.TicketCommands.TicketOpened;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fixture on MongoDB reads through the allowed stored types as the application does: an aggregate outside Cairn's
 * packages reads back, stored given events resolve only allowed types, and
 * {@link AggregateFixture#allowStoredTypes(String...)} admits further packages.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class AggregateFixtureAllowedTypesTest {

    private static final Map<String, String> RETRY_KEY = Map.of(Cairn.IDEMPOTENCY_KEY, "receipt-ticket-1");

    @Test
    void anAggregateOutsideCairnsPackagesReadsBackFromMongo() {
        // Given a domain in com.example, whose packages only the aggregate's registration allows
        AggregateFixture<Ticket> fixture = AggregateFixture.forAggregate(Ticket.class)
                                                           .onMongo()
                                                           .given(new TicketOpened("ticket-1"),
                                                                  new ReceiptIssued("ticket-1", 1));

        // When / Then the events read back from MongoDB equal those emitted
        fixture.when(new IssueReceipt("ticket-1"))
               .expectEvents(new ReceiptIssued("ticket-1", 2))
               .expectResultMessagePayload(new Receipt("ticket-1", 2));
    }

    @Test
    void anAggregateOutsideCairnsPackagesIsCreatedOnMongo() {
        // When / Then
        AggregateFixture.forAggregate(Ticket.class)
                        .onMongo()
                        .givenNoPriorActivity()
                        .when(new OpenTicket("ticket-2"))
                        .expectEvents(new TicketOpened("ticket-2"));
    }

    @Test
    void aRetriedCommandReplaysAResultOfAnotherPackageOnlyOnceItsPackageIsAllowed(MongoDatabase database) {
        // Given the command ran once with its idempotency key
        AggregateFixture.forAggregate(Ticket.class)
                        .onMongo(database)
                        .given(new TicketOpened("ticket-1"))
                        .when(new IssueReceipt("ticket-1"), RETRY_KEY)
                        .expectResultMessagePayload(new Receipt("ticket-1", 1));

        // When the client retries it in a fresh application that does not allow the result's package
        AggregateFixture<Ticket> notAllowed = AggregateFixture.forAggregate(Ticket.class)
                                                              .onMongo(database)
                                                              .givenNoPriorActivity();

        // Then the stored result is not turned into its class
        assertThatThrownBy(() -> notAllowed.when(new IssueReceipt("ticket-1"), RETRY_KEY)
                                           .expectResultMessagePayload(new Receipt("ticket-1", 1)))
                .isInstanceOf(AssertionError.class);

        // When / Then with the package allowed, the retry replays the first result and emits nothing
        AggregateFixture.forAggregate(Ticket.class)
                        .onMongo(database)
                        .allowStoredTypes(Receipt.class.getPackageName())
                        .givenNoPriorActivity()
                        .when(new IssueReceipt("ticket-1"), RETRY_KEY)
                        .expectNoEvents()
                        .expectResultMessagePayload(new Receipt("ticket-1", 1));
    }

    @Test
    void aStoredGivenEventOfAPackageOutsideTheAllowedOnesFailsNamingIt() {
        // Given a stored history with an event of a package neither the ticket nor its events live in
        StoredEvent opened = StoredEvent.json(TicketOpened.class.getName(), null, "{\"ticketId\":\"ticket-3\"}");
        StoredEvent foreign = StoredEvent.json(Receipt.class.getName(), null,
                                               "{\"ticketId\":\"ticket-3\",\"number\":7}");
        AggregateFixture<Ticket> fixture = AggregateFixture.forAggregate(Ticket.class).givenStored(opened, foreign);

        // When / Then the fixture fails as the application would read it as UnknownSerializedType
        assertThatThrownBy(() -> fixture.when(new IssueReceipt("ticket-3")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Stored event #1")
                .hasMessageContaining(Receipt.class.getName())
                .hasMessageContaining("outside the allowed stored types")
                .hasMessageContaining("allowStoredTypes");
    }

    @Test
    void aStoredGivenEventOfAnAllowedPackageIsSourced() {
        // Given
        StoredEvent opened = StoredEvent.json(TicketOpened.class.getName(), null, "{\"ticketId\":\"ticket-4\"}");
        StoredEvent foreign = StoredEvent.json(Receipt.class.getName(), null,
                                               "{\"ticketId\":\"ticket-4\",\"number\":7}");

        // When / Then
        AggregateFixture.forAggregate(Ticket.class)
                        .allowStoredTypes(Receipt.class.getPackageName())
                        .givenStored(opened, foreign)
                        .when(new IssueReceipt("ticket-4"))
                        .expectEvents(new ReceiptIssued("ticket-4", 1));
    }

    @Test
    void aBlankAllowedPackageIsRefusedByPosition() {
        // Given
        AggregateFixture<Ticket> fixture = AggregateFixture.forAggregate(Ticket.class);

        // When / Then
        assertThatThrownBy(() -> fixture.allowStoredTypes("com.example.testing.receipts", " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("package #1")
                .hasMessageContaining("blank");
    }
}
