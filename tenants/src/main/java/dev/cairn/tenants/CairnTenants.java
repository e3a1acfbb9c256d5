package dev.cairn.tenants;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.tenants.internal.DirectoryProcessors;
import dev.cairn.tenants.internal.RoutingCommandGateway;
import dev.cairn.tenants.internal.RunningTenants;
import dev.cairn.tenants.internal.TenantRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.AxonConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.axonframework.common.BuilderUtils.assertNonNull;
import static org.axonframework.common.BuilderUtils.assertThat;

/**
 * A Cairn store per tenant (ADR 85): one Cairn application per active tenant of a registry, each started from the
 * same {@link TenantTemplate} on the tenant's own database, behind one command gateway that routes by tenant.
 * <pre>{@code
 * try (CairnTenants tenants = CairnTenants.builder()
 *                                         .registry(client, "shop")
 *                                         .template(tenantId -> Cairn.builder().aggregate(Order.class))
 *                                         .start()) {
 *     tenants.add(Tenant.ownDatabase("acme", "shop_acme"));
 *     tenants.commandGateway().sendAndWait(new PlaceOrder("order-1", "alice"),
 *                                          MetaData.with(Cairn.TENANT_KEY, "acme"));
 * }
 * }</pre>
 * Everything a tenant owns (events, snapshots, idempotency keys, tokens, sagas, deadlines, read models) stays in its
 * database, because every component of its application was built on that database. Every message dispatched in a
 * tenant's application carries its tenant in {@value Cairn#TENANT_KEY}.
 * <p>
 * The registry is the collection {@value CairnCollections#TENANTS} of the directory database. Every node polls it
 * ({@link Builder#pollInterval}) and when a command names a tenant it does not run: adding or removing a tenant on one
 * node reaches the others without a restart. Removing a tenant stops its processing and keeps its data.
 */
public final class CairnTenants implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(CairnTenants.class);
    private static final String CROSS_TENANT = "the cross-tenant application";

    private final TenantRegistry registry;
    private final TenantDirectory directory;
    private final RunningTenants running;
    private final CommandGateway gateway;
    private final ScheduledExecutorService poller;
    private final TenantStreams streams;
    private final CairnApplication crossTenant;

    private CairnTenants(Builder builder) {
        builder.validate();
        this.registry = new TenantRegistry(builder.client.getDatabase(builder.databaseName));
        this.directory = TenantDirectory.on(builder.client.getDatabase(builder.databaseName));
        DirectoryProcessors processors = new DirectoryProcessors(builder.databaseName);
        this.running = new RunningTenants(registry, builder.client, builder.template, builder.clientSettings,
                                          processors);
        this.gateway = new RoutingCommandGateway(running::application, builder.resolver);
        running.sync();
        this.streams = TenantStreams.over(running::eventSources, running::startErrors);
        this.crossTenant = builder.crossTenant == null ? null
                : startCrossTenant(builder.crossTenant, builder.client.getDatabase(builder.databaseName), processors);
        this.poller = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "cairn-tenants-registry");
            thread.setDaemon(true);
            return thread;
        });
        long every = builder.pollInterval.toMillis();
        poller.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
    }

    private CairnApplication startCrossTenant(CrossTenantTemplate template, MongoDatabase directory,
                                              DirectoryProcessors processors) {
        try {
            Cairn.Builder cross = template.builderFor(streams);
            if (cross == null) {
                throw new AxonConfigurationException("The cross-tenant template returned no builder");
            }
            // its processors share the directory's token store with the shared store's application
            processors.guard(cross, CROSS_TENANT);
            return DirectoryProcessors.start(cross.database(directory));
        } catch (RuntimeException e) {
            streams.close();
            running.close();
            throw e;
        }
    }

    /** @return a new builder; a registry, and a template are required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the gateway that sends each command to its tenant's application; a command without a tenant fails with
     * {@link MissingTenantException}, one naming a tenant the registry does not list with
     * {@link UnknownTenantException}, one whose tenant's MongoDB does not answer with
     * {@link TenantUnavailableException}
     */
    public CommandGateway commandGateway() {
        return gateway;
    }

    /**
     * Lists a tenant in the registry (replacing an entry of the same identifier, a removed one included) and starts
     * its application on this node; other nodes start theirs at their next poll.
     *
     * @throws AxonConfigurationException naming the other tenant when an active one already uses the same database
     */
    public void add(Tenant tenant) {
        directory.add(tenant);
        running.sync();
    }

    /**
     * Lists the tenant as removed and stops its application on this node (other nodes at their next poll); its
     * database and data are kept. {@link #add} lists it again.
     *
     * @throws UnknownTenantException when the registry lists no active tenant of that identifier
     */
    public void remove(String tenantId) {
        if (!registry.remove(tenantId)) {
            running.sync();
            throw new UnknownTenantException(tenantId, running.activeIds());
        }
        running.sync();
    }

    /**
     * @return the running application of a tenant, for its queries, processors and configuration
     * @throws UnknownTenantException     when the registry does not list it as active
     * @throws TenantUnavailableException when its application cannot start on this node
     */
    public CairnApplication application(String tenantId) {
        return running.application(tenantId).application();
    }

    /**
     * @return every tenant the registry lists, as of the last read, with its {@link TenantStatus#state() state} on
     * this node and why it is not running; for each tenant this node runs, its processors' status read now from its
     * database, or {@link TenantState#UNREACHABLE} with the driver's reason when that database does not answer (after
     * its client's server selection timeout, tenant by tenant)
     */
    public List<TenantStatus> status() {
        return running.status();
    }

    /**
     * @return every running tenant's events as one source, whose set of tenants follows the registry; its
     * {@link TenantStreams#status()} names the tenants whose streams stall
     */
    public TenantStreams streams() {
        return streams;
    }

    /**
     * @return the application of the processors across tenants, on the directory database
     * @throws IllegalStateException when the builder was given no {@link Builder#crossTenant cross-tenant template}
     */
    public CairnApplication crossTenantApplication() {
        if (crossTenant == null) {
            throw new IllegalStateException("No cross-tenant application: give the builder crossTenant(streams -> "
                                                    + "Cairn.builder()...)");
        }
        return crossTenant;
    }

    /** Reads the registry now instead of at the next poll, starting and stopping applications as it says. */
    public void refresh() {
        running.sync();
    }

    /** Stops polling and closes every tenant's application and the clients opened for tenants' connection strings. */
    @Override
    public void close() {
        poller.shutdownNow();
        try {
            if (crossTenant != null) {
                crossTenant.close();
            }
        } finally {
            streams.close();
            running.close();
        }
    }

    private void poll() {
        try {
            running.sync();
        } catch (RuntimeException e) {
            // the registry's server is unreachable or an entry unreadable: running tenants go on, the next poll retries
            logger.warn("Reading the tenant registry failed: {}", e.getMessage());
        }
    }

    /**
     * Collects the settings of {@link CairnTenants}. Defaults: registry polled every 5 seconds; no
     * {@link TenantResolver} (every command carries {@value Cairn#TENANT_KEY}); tenants' clients with their
     * connection strings' settings only. Follows Axon's builder protocol:
     * setters fail fast with an {@link AxonConfigurationException}, {@link #start()} validates the whole.
     */
    public static final class Builder {

        private MongoClient client;
        private String databaseName;
        private CrossTenantTemplate crossTenant;
        private TenantTemplate template;
        private Duration pollInterval = Duration.ofSeconds(5);
        private TenantResolver resolver = TenantResolver.NONE;
        private Consumer<MongoClientSettings.Builder> clientSettings = settings -> {
        };

        private Builder() {
        }

        /**
         * The directory database holding the registry ({@value CairnCollections#TENANTS}); tenants without a
         * connection string of their own have their databases on the same client. The caller owns (and closes) the
         * client.
         */
        public Builder registry(MongoClient client, String databaseName) {
            assertNonNull(client, "registry(...) may not be given a null client");
            assertThat(databaseName, name -> name != null && !name.isBlank(),
                       "registry(...) needs a database name, was [" + databaseName + "]");
            this.client = client;
            this.databaseName = databaseName;
            return this;
        }

        /** Makes each tenant's application: a new {@link Cairn.Builder} per call, without a database. */
        public Builder template(TenantTemplate template) {
            assertNonNull(template, "template may not be null");
            this.template = template;
            return this;
        }

        /** How often each node reads the registry for added and removed tenants (positive). Defaults to 5 seconds. */
        public Builder pollInterval(Duration interval) {
            assertThat(interval, value -> value != null && !value.isNegative() && !value.isZero(),
                       "pollInterval must be positive, was " + interval);
            this.pollInterval = interval;
            return this;
        }

        /**
         * Adjusts the settings of the MongoDB client this node opens for each distinct connection string of its
         * tenants (one client per URI, shared by the tenants on it), after the connection string is applied: pool
         * listeners or metrics per tenant server, timeouts. Defaults to none: the connection string's settings only.
         * Tenants without a connection string of their own use the registry's client, which the caller configures.
         */
        public Builder tenantClientSettings(Consumer<MongoClientSettings.Builder> settings) {
            assertNonNull(settings, "tenantClientSettings may not be null");
            this.clientSettings = settings;
            return this;
        }

        /** Decides the tenant of a command without {@value Cairn#TENANT_KEY}. Defaults to none. */
        public Builder tenantResolver(TenantResolver resolver) {
            assertNonNull(resolver, "tenantResolver may not be null");
            this.resolver = resolver;
            return this;
        }

        /**
         * Makes the application of the processors across tenants, on the directory database, whose projections read
         * every running tenant's events through the {@link TenantStreams} given (ADR 85). Defaults to none. Its
         * processors share the directory database's token store with the shared store's application (the template's
         * processors, once a shared tenant is listed), so their names must differ from the template's: the
         * application started second fails to start, naming both processors.
         */
        public Builder crossTenant(CrossTenantTemplate template) {
            assertNonNull(template, "crossTenant(...) may not be given a null template");
            this.crossTenant = template;
            return this;
        }

        /**
         * Reads the registry, starts the application of every active tenant (a tenant whose database does not
         * answer is reported by {@link CairnTenants#status()} and retried) and starts polling.
         *
         * @throws AxonConfigurationException naming the missing setting, or naming both processors when a processor of
         *                                    the cross-tenant application has the name of one of the shared store's
         *                                    application (both run on the directory database and its token store)
         */
        public CairnTenants start() {
            return new CairnTenants(this);
        }

        /** Checks that a registry and a template are set. */
        protected void validate() throws AxonConfigurationException {
            assertNonNull(client, "No registry configured: call registry(client, databaseName)");
            assertNonNull(template, "No tenant template configured: call template(tenantId -> Cairn.builder()...)");
        }
    }
}
