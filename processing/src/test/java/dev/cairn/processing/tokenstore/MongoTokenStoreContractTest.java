package dev.cairn.processing.tokenstore;

import com.mongodb.client.MongoDatabase;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.processing.LeaseClock;
import dev.cairn.processing.MongoTokenStore;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.bson.Document;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;

/**
 * Runs the token store contract, which {@link JdbcTokenStoreContractTest} shows to be Axon's semantics, against
 * Cairn's {@link MongoTokenStore}: no case disabled. The contract's clock drives claims through the lease clock seam
 * ({@link LeaseClock#of}); in production the database's clock judges them.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class MongoTokenStoreContractTest extends TokenStoreContract {

    private final MongoDatabase database;

    MongoTokenStoreContractTest(MongoDatabase database) {
        this.database = database;
    }

    @Override
    protected TokenStore tokenStore(String nodeId, Duration claimTimeout, Clock clock) {
        return MongoTokenStore.builder().database(database).nodeId(nodeId).claimTimeout(claimTimeout).clock(clock)
                              .leaseClock(LeaseClock.of(clock)).build();
    }

    @Override
    protected void deleteAllTokens() {
        database.getCollection("cairn_tokens").deleteMany(new Document());
    }
}
