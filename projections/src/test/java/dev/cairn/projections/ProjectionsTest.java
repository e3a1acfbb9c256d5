package dev.cairn.projections;

import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.processing.CairnStreamingProcessor;
import com.example.bank.Account;
import com.example.projections.Balances;
import com.example.bank.Bank.Deposit;
import com.example.bank.Bank.OpenAccount;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A projection registered through the entry point builds its read model, reports its status, and lets a caller read
 * its own writes.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class ProjectionsTest {

    @Test
    void aProjectionBuildsItsReadModelAndACallerReadsItsOwnWrites(MongoDatabase database) throws Exception {
        // Given
        CairnProjections projections = CairnProjections.builder()
                                                       .projection(new Balances(), o -> o.owns(Balances.ACCOUNTS,
                                                                                               Balances.TOTALS)
                                                                                         .deadLettering(false))
                                                       .build();
        try (CairnApplication app = Cairn.builder().database(database).aggregate(Account.class)
                                         .extension(projections.extension()).start()) {
            // When
            app.commandGateway().sendAndWait(new OpenAccount("a-1"));
            app.commandGateway().sendAndWait(new Deposit("a-1", 100));
            app.commandGateway().sendAndWait(new Deposit("a-1", 50));
            long position = app.lastAppendedPosition().orElseThrow();
            boolean caughtUp = projections.awaitCaughtUp("balances", position, Duration.ofSeconds(10));

            // Then
            assertThat(caughtUp).isTrue();
            assertThat(projections.processor("balances")).get().isInstanceOf(CairnStreamingProcessor.class);
            ReadModel readModel = projections.readModel("balances");
            Document account = readModel.collection(Balances.ACCOUNTS).find("a-1").orElseThrow();
            assertThat(account.getLong("balance")).isEqualTo(150);
            assertThat(account.get("_cairn")).isNull();
            Document totals = readModel.collection(Balances.TOTALS).find("all").orElseThrow();
            assertThat(totals.getLong("total")).isEqualTo(150);
            assertThat(totals.getInteger("accounts")).isEqualTo(1);
            ProjectionStatus status = projections.status("balances");
            assertThat(status.state()).isEqualTo(ProjectionState.RUNNING);
            assertThat(status.position()).isEqualTo(position);
            assertThat(status.lagEvents()).isZero();
            assertThat(status.segments()).hasSize(2).allSatisfy(s -> assertThat(s.owner()).isNotNull());
        }
    }
}
