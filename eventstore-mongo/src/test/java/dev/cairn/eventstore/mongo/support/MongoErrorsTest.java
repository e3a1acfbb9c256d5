package dev.cairn.eventstore.mongo.support;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@ExtendWith(EmbeddedMongoExtension.class)
class MongoErrorsTest {

    @Test
    void aDuplicateIdFromTheServerIsADuplicateKeyAndARejectedWrite(MongoDatabase database) {
        // given
        MongoCollection<Document> collection = database.getCollection("errors");
        collection.insertOne(new Document("_id", 1));

        // when
        Throwable error = catchThrowable(() -> collection.insertOne(new Document("_id", 1)));

        // then
        assertThat(MongoErrors.isDuplicateKey(error)).isTrue();
        assertThat(MongoErrors.isDuplicateKey(new IllegalStateException("wrapped", error))).isTrue();
        assertThat(MongoErrors.isRejectedWrite(error)).isTrue();
        assertThat(MongoErrors.isIndexConflict(error)).isFalse();
    }

    @Test
    void codesDecideNotMessages() {
        MongoException conflict = new MongoCommandException(
                new BsonDocument("ok", new BsonInt32(0)).append("code", new BsonInt32(86)), new ServerAddress());
        MongoException misleading = new MongoException(1, "E11000 duplicate key error");
        MongoException socket = new MongoSocketReadException("duplicate key", new ServerAddress());

        assertThat(MongoErrors.isIndexConflict(conflict)).isTrue();
        assertThat(MongoErrors.isDuplicateKey(misleading)).isFalse();
        assertThat(MongoErrors.isDuplicateKey(socket)).isFalse();
        assertThat(MongoErrors.isRejectedWrite(socket)).isFalse();
        assertThat(MongoErrors.isDocumentTooLarge(new MongoException(10334, "too large"))).isTrue();
    }
}
