package com.example.samples.bank;

import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import com.example.samples.bank.BankMessages.AccountOpened;
import com.example.samples.bank.BankMessages.InsufficientFundsException;
import com.example.samples.bank.BankMessages.MoneyCredited;
import com.example.samples.bank.BankMessages.MoneyDebited;
import com.example.samples.bank.BankMessages.OpenAccount;
import com.example.samples.bank.BankMessages.TransferMoney;
import dev.cairn.testing.AggregateFixture;
import dev.cairn.testing.ProjectionFixture;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.MetaData;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bank sample: accounts with {@link AggregateFixture} in both modes, transfers through a running application
 * (both sides in one commit, duplicates with one idempotency key applied once), and its projections.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class BankTest {

    @Test
    void anAccountOpensWithItsBalanceInMemoryAndOnMongo() {
        AggregateFixture.forAggregate(Account.class)
                        .givenNoPriorActivity()
                        .when(new OpenAccount("a-1", 100))
                        .expectEvents(new AccountOpened("a-1", 100))
                        .expectState(account -> assertThat(account.balance()).isEqualTo(100));
        AggregateFixture.forAggregate(Account.class)
                        .onMongo()
                        .givenNoPriorActivity()
                        .when(new OpenAccount("a-1", 100))
                        .expectEvents(new AccountOpened("a-1", 100));
    }

    @Test
    void aTransferSentThreeTimesWithOneKeyMovesTheMoneyOnceInOneCommit(MongoDatabase database) throws Exception {
        // Given two accounts
        try (CairnApplication app = BankSample.aggregates(Cairn.builder().database(database)).start()) {
            app.commandGateway().sendAndWait(new OpenAccount("a-1", 100));
            app.commandGateway().sendAndWait(new OpenAccount("a-2", 0));
            long before = database.getCollection("events").countDocuments();

            // When one transfer is sent three times at once with one idempotency key, and one is refused
            TransferMoney transfer = new TransferMoney("t-1", "a-1", "a-2", 60);
            List<CompletableFuture<Object>> copies = new ArrayList<>();
            for (int copy = 0; copy < 3; copy++) {
                copies.add(app.commandGateway().send(GenericCommandMessage.asCommandMessage(transfer)
                        .andMetaData(MetaData.with(Cairn.IDEMPOTENCY_KEY, "t-1"))));
            }
            for (CompletableFuture<Object> copy : copies) {
                copy.get();
            }
            assertThatThrownBy(() -> app.commandGateway().sendAndWait(new TransferMoney("t-2", "a-1", "a-2", 60)))
                    .isInstanceOf(InsufficientFundsException.class).hasMessageContaining("a-1");

            // Then the money moved once, both sides in one commit document, and the refused one stored nothing
            assertThat(database.getCollection("events").countDocuments()).isEqualTo(before + 1);
            Document commit = database.getCollection("events").find().sort(new Document("_id", -1)).first();
            assertThat(commit.getList("events", Document.class)).hasSize(2);
            long a1 = balance(app, "a-1");
            long a2 = balance(app, "a-2");
            assertThat(a1).isEqualTo(40);
            assertThat(a2).isEqualTo(60);
        }
    }

    @Test
    void balancesAndTheLedgerBookBothSides() {
        ProjectionFixture.forProjection(new Balances())
                         .owning(Balances.COLLECTION)
                         .given("a-1", new AccountOpened("a-1", 100), new MoneyDebited("a-1", "t-1", "a-2", 30))
                         .given("a-2", new AccountOpened("a-2", 0), new MoneyCredited("a-2", "t-1", "a-1", 30))
                         .whenProcessed()
                         .expectDocument(Balances.COLLECTION, "a-1",
                                         account -> assertThat(account.get("balance", Number.class).longValue())
                                                 .isEqualTo(70))
                         .expectDocument(Balances.COLLECTION, "a-2",
                                         account -> assertThat(account.get("balance", Number.class).longValue())
                                                 .isEqualTo(30));
        ProjectionFixture.forProjection(new Ledger())
                         .owning(Ledger.COLLECTION)
                         .given("a-1", new MoneyDebited("a-1", "t-1", "a-2", 30))
                         .given("a-2", new MoneyCredited("a-2", "t-1", "a-1", 30))
                         .whenProcessed()
                         .expectDocument(Ledger.COLLECTION, "t-1", entry -> {
                             assertThat(entry.getString("from")).isEqualTo("a-1");
                             assertThat(entry.getString("to")).isEqualTo("a-2");
                             assertThat(entry.getInteger("sides")).isEqualTo(2);
                         });
    }

    private static long balance(CairnApplication app, String accountId) {
        var unitOfWork = org.axonframework.messaging.unitofwork.DefaultUnitOfWork.startAndGet(null);
        try {
            return app.configuration().repository(Account.class).load(accountId).invoke(Account::balance);
        } finally {
            unitOfWork.rollback();
        }
    }
}
