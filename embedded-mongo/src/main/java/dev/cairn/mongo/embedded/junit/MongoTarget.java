package dev.cairn.mongo.embedded.junit;

import com.mongodb.client.MongoClient;

/**
 * The MongoDB a test runs against.
 *
 * @param connectionString the URI, for tests that open their own clients (a second application node, say)
 * @param client           a shared client; tests must not close it
 * @param embedded         {@code true} for the in-process embedded server, {@code false} for a real MongoDB
 */
public record MongoTarget(String connectionString, MongoClient client, boolean embedded) {
}
