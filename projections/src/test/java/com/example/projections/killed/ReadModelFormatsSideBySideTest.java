package com.example.projections.killed;

import com.example.bank.Account;
import com.example.bank.Bank;
import com.example.projections.Balances;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.processing.MongoTokenStore;
import dev.cairn.projections.CairnProjections;
import dev.cairn.projections.ReadModel;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read-model format 2 (ADR 89) beside nodes of the release before, which write per-event markers (format 1, ADR 40)
 * and judge only lease format 2: each direction of a rolling deploy keeps exactly once in effect.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class ReadModelFormatsSideBySideTest {

    private static final String CLAIM_OWNER = "owner";

    @Test
    void aBatchANodeOfTheReleaseBeforeWroteAndDiedOnIsNotAppliedTwiceByANewNode(MongoDatabase database)
            throws InterruptedException {
        // Given 10 accounts with 5 deposits each, and the first half of the deposits applied by a node of the
        // release before, which died before storing its token: its format-1 markers are still in the documents
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        List<DomainEventMessage<?>> deposits = new ArrayList<>();
        long total = 0;
        for (int account = 0; account < 10; account++) {
            String id = "account-" + account;
            List<DomainEventMessage<?>> events = new ArrayList<>();
            events.add(new GenericDomainEventMessage<>("Account", id, 0, new Bank.AccountOpened(id)));
            for (int deposit = 1; deposit <= 5; deposit++) {
                events.add(new GenericDomainEventMessage<>("Account", id, deposit,
                                                           new Bank.MoneyDeposited(id, deposit * 10L)));
                total += deposit * 10L;
            }
            engine.appendEvents(events);
            deposits.addAll(events.subList(1, events.size()));
        }
        ReadModel before = ReadModel.of("balances", database, List.of(Balances.ACCOUNTS, Balances.TOTALS));
        for (DomainEventMessage<?> event : deposits.subList(0, deposits.size() / 2)) {
            Bank.MoneyDeposited deposit = (Bank.MoneyDeposited) event.getPayload();
            before.collection(Balances.ACCOUNTS).update(event, deposit.accountId(), Updates.inc("balance",
                                                                                                 deposit.amount()));
            before.collection(Balances.TOTALS).update(event, "all", Updates.inc("total", deposit.amount()));
        }
        long head = engine.createHeadToken().position().orElseThrow();

        // When a node of this release builds the projection from the start
        CairnProjections projections = CairnProjections.builder()
                                                       .projection(new Balances(), o -> o.owns(Balances.ACCOUNTS,
                                                                                               Balances.TOTALS))
                                                       .build();
        try (CairnApplication app = Cairn.builder().database(database).aggregate(Account.class)
                                         .extension(projections.extension()).start()) {
            assertThat(projections.awaitCaughtUp("balances", head, Duration.ofSeconds(30))).isTrue();

            // Then every deposit counts once: the marked half is skipped, the rest applied
            Document totals = projections.readModel("balances").collection(Balances.TOTALS).find("all")
                                         .orElseThrow();
            assertThat(totals.getLong("total")).isEqualTo(total);
            assertThat(totals.getInteger("deposits")).isEqualTo(deposits.size() - deposits.size() / 2);
            assertThat(projections.readModel("balances").collection(Balances.ACCOUNTS).find("account-0")
                                  .orElseThrow().getLong("balance")).isEqualTo(150L);
        }
    }

    @Test
    void aNodeOfTheReleaseBeforeNeverTakesOverASegmentANewNodeDiedHolding(MongoDatabase database)
            throws InterruptedException {
        // Given a segment claimed with lease format 3, as projections claim, and one claimed with format 2, both
        // held by nodes that died: neither renews its claim
        Duration timeout = Duration.ofMillis(100);
        MongoTokenStore projectionNode = MongoTokenStore.builder().database(database).nodeId("new-node")
                                                        .claimTimeout(timeout).leaseFormat(3).build();
        projectionNode.initializeTokenSegments("balances", 1);
        projectionNode.fetchToken("balances", 0);
        MongoTokenStore sagaNode = MongoTokenStore.builder().database(database).nodeId("other-node")
                                                  .claimTimeout(timeout).build();
        sagaNode.initializeTokenSegments("ledger", 1);
        sagaNode.fetchToken("ledger", 0);
        Thread.sleep(3 * timeout.toMillis());

        // When a node of the release before looks for claims it may take over
        // Then it finds the lapsed format-2 claim, never the format-3 one
        assertThat(PreviousRelease.takeable(database, "ledger", timeout)).isTrue();
        assertThat(PreviousRelease.takeable(database, "balances", timeout)).isFalse();

        // and a node of this release takes it over
        MongoTokenStore next = MongoTokenStore.builder().database(database).nodeId("next-node")
                                              .claimTimeout(timeout).leaseFormat(3).build();
        next.fetchToken("balances", 0);
        assertThat(next.segments("balances").get(0).owner()).isEqualTo("next-node");
    }

    /** A copy of the release before's rule for taking over a token claim (lease format 2 only, ADR 71). */
    private static final class PreviousRelease {

        static boolean takeable(MongoDatabase database, String processor, Duration timeout) {
            Document expired = Document.parse("{$expr: {$and: ["
                                                      + "{$eq: ['$lease.owner', '$" + CLAIM_OWNER + "']},"
                                                      + "{$eq: ['$lease.format', 2]},"
                                                      + "{$lt: [{$add: ['$lease.at', " + timeout.toMillis() + "]},"
                                                      + " '$$NOW']}]}}");
            Document previousFormat = Document.parse("{$expr: {$and: ["
                                                             + "{$ne: ['$lease.owner', '$" + CLAIM_OWNER + "']},"
                                                             + "{$lt: [{$add: ['$claimedAt', " + timeout.toMillis()
                                                             + "]}, '$$NOW']}]}}");
            return database.getCollection("cairn_tokens")
                           .countDocuments(new Document("processorName", processor)
                                                   .append("$or", List.of(expired, previousFormat))) > 0;
        }
    }
}
