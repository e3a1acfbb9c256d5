package dev.cairn.spring.boot;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.cairn.aggregates.CairnStartupException;
import dev.cairn.eventstore.mongo.support.ConnectionStrings;
import dev.cairn.mongo.embedded.EmbeddedMongo;
import org.bson.Document;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where Cairn's database comes from: {@code cairn.mongo.uri}, the embedded server ({@code cairn.embedded.enabled}
 * without a URI), or the application's own {@link MongoClient} bean (Spring Boot's {@code spring.data.mongodb.*}).
 * The embedded server is optional on the class path: only the nested {@link EmbeddedServerConfiguration} names it.
 */
@Configuration(proxyBeanMethods = false)
class CairnMongoConfiguration {

    /**
     * Cairn's own client when it is told where to connect; otherwise the application's client is used, and Spring
     * Boot's MongoDB auto-configuration (ordered after this one) provides one when the application has none.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(MongoClient.class)
    @Conditional(UriOrEmbedded.class)
    MongoClient cairnMongoClient(CairnProperties properties, ObjectProvider<EmbeddedServer> embedded) {
        String uri = properties.getMongo().getUri();
        if (uri == null) {
            EmbeddedServer server = embedded.getIfAvailable();
            if (server == null) {
                throw new InvalidCairnPropertyException("cairn.embedded.enabled", "the embedded server is not on "
                        + "the class path", "Add dev.cairn:cairn-embedded-mongo, or set cairn.mongo.uri.");
            }
            return MongoClients.create(server.clientSettings());
        }
        ConnectionString connection = CairnMongo.parse(uri);
        return MongoClients.create(MongoClientSettings.builder().applyConnectionString(connection).build());
    }

    @Bean
    @ConditionalOnMissingBean
    CairnMongo cairnMongo(CairnProperties properties, MongoClient client, ObjectProvider<EmbeddedServer> embedded) {
        String uri = properties.getMongo().getUri();
        EmbeddedServer server = uri == null ? embedded.getIfAvailable() : null;
        String name = server != null && properties.getMongo().getDatabase() == null ? "cairn"
                : CairnMongo.databaseName(properties.getMongo().getDatabase(), uri);
        String where = uri != null ? "MongoDB at " + ConnectionStrings.hosts(uri)
                : server != null ? "the embedded server at " + server.connectionString()
                : "the application's MongoClient";
        CairnMongo mongo = new CairnMongo(client, client.getDatabase(name), where);
        requireReachable(mongo, properties);
        return mongo;
    }

    private static void requireReachable(CairnMongo mongo, CairnProperties properties) {
        long timeout = properties.getStartupTimeout().toMillis();
        try {
            // on its own thread, so that a server that never answers cannot hold start-up past the timeout
            CompletableFuture.supplyAsync(() -> mongo.database().runCommand(new Document("ping", 1)))
                             .get(timeout, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CairnStartupException("Interrupted while connecting to " + mongo.where(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new CairnStartupException("Cannot reach " + mongo.where() + " within " + timeout + " ms (database ["
                                                    + mongo.database().getName() + "]): check that the server runs "
                                                    + "and cairn.mongo.uri; cairn.startup-timeout sets the wait", e);
        }
    }

    /**
     * The embedded server Cairn started: its address and the client settings to reach it (short timeouts).
     *
     * @param connectionString the server's connection string
     * @param clientSettings   the settings Cairn's client uses
     */
    record EmbeddedServer(String connectionString, MongoClientSettings clientSettings) {
    }

    /** Starts the embedded server; loaded only when it is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "dev.cairn.mongo.embedded.EmbeddedMongo")
    @Conditional(EmbeddedWithoutUri.class)
    static class EmbeddedServerConfiguration {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        EmbeddedMongo cairnEmbeddedMongo() {
            return EmbeddedMongo.start();
        }

        @Bean
        EmbeddedServer cairnEmbeddedServer(EmbeddedMongo server) {
            return new EmbeddedServer(server.connectionString(),
                                      EmbeddedMongo.clientSettings(server.connectionString()));
        }
    }

    /** The embedded server starts when asked for and no URI is set: a URI wins. */
    static class EmbeddedWithoutUri extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Environment environment = context.getEnvironment();
            boolean enabled = environment.getProperty("cairn.embedded.enabled", Boolean.class, false);
            boolean uri = environment.containsProperty(CairnMongo.URI);
            return enabled && !uri ? ConditionOutcome.match("cairn.embedded.enabled without cairn.mongo.uri")
                    : ConditionOutcome.noMatch("cairn.embedded.enabled is not true, or cairn.mongo.uri is set");
        }
    }

    /** Cairn creates a client when a URI is set or the embedded server is asked for. */
    static class UriOrEmbedded extends AnyNestedCondition {

        UriOrEmbedded() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty(name = "cairn.mongo.uri")
        static class Uri {
        }

        @ConditionalOnProperty(name = "cairn.embedded.enabled", havingValue = "true")
        static class Embedded {
        }
    }
}
