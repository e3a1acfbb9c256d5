package com.example.testing.evolution;

import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;

/**
 * The application of the "Evolving events" example: current classes, and the upcasters for the stored history.
 */
final class EvolvedApplication {

    private EvolvedApplication() {
    }

    static Cairn.Builder builder(MongoDatabase database) {
        return Cairn.builder()
                    .database(database)
                    .aggregate(Account.class)
                    .upcaster(new DepositedInCents())                        // case 2
                    .upcaster(EvolutionUpcasters.withdrawnRenamed())         // case 3
                    .upcaster(new DepositWithFeeSplit())                     // case 4, split
                    .upcaster(new HoldMerge())                               // case 4, merge
                    .upcaster(EvolutionUpcasters.statementPrintedRemoved()); // case 5
    }
}
