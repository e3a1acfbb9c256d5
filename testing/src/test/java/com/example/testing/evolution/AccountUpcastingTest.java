package com.example.testing.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.eventstore.mongo.CairnSerializers;
import dev.cairn.testing.AggregateFixture;
import dev.cairn.testing.StoredEvent;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Testing upcasters the way the aggregate meets them: the fixture starts from events in their stored form.
 */
class AccountUpcastingTest {

    private static final String OLD_DEPOSIT = "{\"accountId\":\"acc-9\",\"amount\":100}";

    @Test
    void anOldDepositInEurosCountsInCents() {
        AggregateFixture.forAggregate(Account.class)
                        .upcaster(new DepositedInCents())
                        .givenStored(StoredEvent.json(AccountOpened.class.getName(), null,
                                                      "{\"accountId\":\"acc-9\",\"owner\":\"ada\"}"),
                                     StoredEvent.json(Deposited.class.getName(), null, OLD_DEPOSIT))
                        .when(new AccountCommands.Withdraw("acc-9", 10_000))
                        .expectEvents(new Withdrawn("acc-9", 10_000))
                        .expectState(account -> assertThat(account.currency()).isEqualTo("EUR"));
    }

    @Test
    void anOldRecordKeptInTheTestsGivesTheStoredForm() {
        AggregateFixture.forAggregate(Account.class)
                        .upcaster(new DepositedInCents())
                        .givenStored(StoredEvent.json(AccountOpened.class.getName(), null,
                                                      "{\"accountId\":\"acc-9\",\"owner\":\"ada\"}"),
                                     StoredEvent.of(new DepositedV1("acc-9", 3), Deposited.class.getName(), null,
                                                    CairnSerializers.defaultSerializer()))
                        .when(new AccountCommands.Withdraw("acc-9", 300))
                        .expectEvents(new Withdrawn("acc-9", 300));
    }

    /**
     * {@code Deposited} as revision 1 was written.
     */
    record DepositedV1(String accountId, long amount) {
    }

    @Test
    void theSameOnMongo() {
        AggregateFixture.forAggregate(Account.class)
                        .onMongo()
                        .upcaster(new DepositedInCents())
                        .upcaster(new DepositWithFeeSplit())
                        .givenStored(StoredEvent.json(AccountOpened.class.getName(), null,
                                                      "{\"accountId\":\"acc-9\",\"owner\":\"ada\"}"),
                                     StoredEvent.json(Deposited.class.getName(), null, OLD_DEPOSIT),
                                     StoredEvent.json(DepositWithFeeSplit.OLD_TYPE, null,
                                                      "{\"accountId\":\"acc-9\",\"amountInCents\":500,"
                                                              + "\"feeInCents\":20}"))
                        .when(new AccountCommands.Withdraw("acc-9", 10_480))
                        .expectEvents(new Withdrawn("acc-9", 10_480))
                        .expectState(account -> assertThat(account.balanceInCents()).isZero());
    }

    @Test
    void withoutTheUpcasterTheOldDepositIsRefused() {
        // Given an upcaster that renames the field but forgets the new revision's shape
        AggregateFixture<Account> fixture = AggregateFixture.forAggregate(Account.class)
                                                            .upcaster(new BrokenDepositUpcaster())
                                                            .givenStored(StoredEvent.json(
                                                                    Deposited.class.getName(), null, OLD_DEPOSIT));

        // When / Then the failure names the stored event and the type it was upcasted to
        assertThatThrownBy(() -> fixture.when(new AccountCommands.Deposit("acc-9", 1)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Stored event #0")
                .hasMessageContaining("type [" + Deposited.class.getName() + "], revision [null]")
                .hasMessageContaining("does not deserialize");
    }

    /**
     * Turns {@code amount} into an object where revision 2 expects a number.
     */
    private static final class BrokenDepositUpcaster extends SingleEventUpcaster {

        @Override
        protected boolean canUpcast(IntermediateEventRepresentation event) {
            return event.getType().equals(new SimpleSerializedType(Deposited.class.getName(), null));
        }

        @Override
        protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation event) {
            return event.upcastPayload(new SimpleSerializedType(Deposited.class.getName(), "2"), JsonNode.class,
                                       payload -> {
                                           ObjectNode fields = (ObjectNode) payload;
                                           fields.remove("amount");
                                           fields.putObject("amountInCents").put("euros", 1);
                                           return fields;
                                       });
        }
    }
}
