package com.example.ledger;

import com.example.ledger.Ledger.AccountOpened;
import com.example.ledger.Ledger.Deposited;
import dev.cairn.testing.ProjectionFixture;
import dev.cairn.testing.StoredEvent;
import org.axonframework.serialization.upcasting.event.EventTypeUpcaster;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A projection meets old events as the event store hands them to its processor: through the application's
 * upcasters.
 */
class LedgerBalancesUpcastingTest {

    private static final StoredEvent OPENED = StoredEvent.json(AccountOpened.class.getName(), null,
                                                               "{\"accountId\":\"acc-1\",\"owner\":\"ada\"}");
    private static final StoredEvent DEPOSITED_3_EUROS = StoredEvent.json(Deposited.class.getName(), null,
                                                                          "{\"accountId\":\"acc-1\",\"amount\":3}");

    @Test
    void anOldDepositInEurosReachesTheProjectionInCents() {
        ProjectionFixture.forProjection(new LedgerBalances())
                         .owning("ledger_balances")
                         .upcaster(new DepositedInCents())
                         // Given an account opened and 3 euros deposited in revision 1, then 50 cents in revision 2
                         .givenStored("acc-1", OPENED, DEPOSITED_3_EUROS)
                         .given("acc-1", new Deposited("acc-1", 50))
                         // When
                         .whenProcessed()
                         // Then
                         .expectDocument("ledger_balances", "acc-1", balance -> {
                             assertThat(balance.getString("owner")).isEqualTo("ada");
                             assertThat(balance.getLong("cents")).isEqualTo(350L);
                         });
    }

    @Test
    void anEventStoredUnderAMovedClassNameReadsThroughATypeUpcaster() {
        ProjectionFixture.forProjection(new LedgerBalances())
                         .owning("ledger_balances")
                         .upcaster(EventTypeUpcaster.from("com.example.legacy.AccountOpened", null)
                                                    .to(AccountOpened.class, null))
                         // Given an account opened when its class lived in another package
                         .givenStored("acc-2", StoredEvent.json("com.example.legacy.AccountOpened", null,
                                                                "{\"accountId\":\"acc-2\",\"owner\":\"bob\"}"))
                         // When
                         .whenProcessed()
                         // Then
                         .expectDocument("ledger_balances", "acc-2",
                                         balance -> assertThat(balance.getString("owner")).isEqualTo("bob"));
    }

    @Test
    void withoutTheUpcasterAMovedEventFailsNamingIt() {
        // Given an event stored under a class name that no longer exists, and no upcaster for it
        ProjectionFixture<LedgerBalances> fixture =
                ProjectionFixture.forProjection(new LedgerBalances())
                                 .owning("ledger_balances")
                                 .givenStored("acc-3", OPENED, StoredEvent.json("com.example.legacy.Deposited", null,
                                                                                "{\"accountId\":\"acc-3\"}"));

        // When / Then the failure names the event, its stored type and what to do
        assertThatThrownBy(fixture::whenProcessed)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Given event #1 of aggregate [acc-3] (type [com.example.legacy.Deposited], "
                                              + "revision [null])")
                .hasMessageContaining("names no class")
                .hasMessageContaining("upcaster");
    }

    /** An event Jackson cannot write: it refers to itself. */
    public static final class Unwritable {
        private final Object self = this;
    }

    @Test
    void aGivenEventThatDoesNotSerializeFailsNamingIt() {
        // Given an event the serializer cannot write (it refers to itself)
        ProjectionFixture<LedgerBalances> fixture = ProjectionFixture.forProjection(new LedgerBalances())
                                                                     .owning("ledger_balances")
                                                                     .given("acc-5", new Unwritable());

        // When / Then the failure names the event
        assertThatThrownBy(fixture::whenProcessed)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Given event #0 of aggregate [acc-5] (type [" + Unwritable.class.getName()
                                              + "]) does not serialize");
    }
}
