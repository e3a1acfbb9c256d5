package dev.cairn.migration.support;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.cairn.migration.AxonMongoMigration;

/**
 * A migration in a JVM of its own, for the test that kills it: prints {@code copied N} after every batch (slowed a
 * little, so the test can kill it in the middle) and {@code done} at the end.
 * <p>
 * Arguments: connection string, source database, target database.
 */
public final class MigrationProcess {

    private MigrationProcess() {
    }

    public static void main(String[] args) {
        try (MongoClient client = MongoClients.create(args[0])) {
            AxonMongoMigration.builder()
                              .sourceDatabase(client.getDatabase(args[1]))
                              .targetDatabase(client.getDatabase(args[2]))
                              .batchSize(25)
                              .progressListener(progress -> {
                                  System.out.println("copied " + progress.done());
                                  System.out.flush();
                                  try {
                                      Thread.sleep(40);
                                  } catch (InterruptedException e) {
                                      Thread.currentThread().interrupt();
                                  }
                              })
                              .build()
                              .run();
            System.out.println("done");
        }
    }
}
