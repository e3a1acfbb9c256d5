package dev.cairn.tenants.internal;

import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.tenants.Tenant;
import dev.cairn.tenants.TenantMismatchException;
import dev.cairn.tenants.TenantTemplate;

/**
 * The shared store's application (ADR 85): one application, started from the tenants' template on the directory
 * database when the registry first lists a shared tenant, serving every shared tenant until the node closes. Adding a
 * shared tenant once it runs creates nothing: no database, collection, index or connection.
 */
final class SharedStore implements AutoCloseable {

    /** How errors name this application. */
    static final String NAME = "the shared store's application";

    private final TenantTemplate template;
    private final MongoDatabase directory;
    private final DirectoryProcessors processors;
    private CairnApplication application;
    private CairnCollections collections;

    SharedStore(TenantTemplate template, MongoDatabase directory, DirectoryProcessors processors) {
        this.template = template;
        this.directory = directory;
        this.processors = processors;
    }

    /** @return the shared application, started now if it is not running; a failure to start is thrown */
    synchronized CairnApplication application() {
        if (application == null) {
            Cairn.Builder builder = template.builderFor(Tenant.SHARED_STORE);
            if (builder == null) {
                throw new IllegalStateException("the tenant template returned no builder for the shared store");
            }
            collections = builder.collections();
            // the check runs while aggregates are sourced, so it must be known before the handlers are inspected
            builder.configure(configurer -> configurer.registerHandlerEnhancerDefinition(c -> new TenantCheck()));
            // snapshots carry their tenant, and a command starts only from its own tenant's
            builder.eventStorage(engine -> engine.snapshotScope(new SharedSnapshots()));
            // its processors share the directory's token store with the cross-tenant application's
            processors.guard(builder, NAME);
            CairnApplication started = DirectoryProcessors.start(builder.database(directory));
            started.configuration().commandBus().registerDispatchInterceptor(new SharedStamp<>());
            started.configuration().eventBus().registerDispatchInterceptor(new SharedStamp<>());
            started.configuration().commandBus().registerHandlerInterceptor((unitOfWork, chain) -> {
                try {
                    return chain.proceed();
                } catch (Exception e) {
                    // Axon wraps a failure of sourcing an aggregate: the refusal is the news, unwrapped
                    throw mismatchIn(e);
                }
            });
            application = started;
        }
        return application;
    }

    private static Exception mismatchIn(Exception failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TenantMismatchException mismatch) {
                return mismatch;
            }
        }
        return failure;
    }

    /** @return the names the shared application gives Cairn's collections (after {@link #application()}) */
    synchronized CairnCollections collections() {
        return collections;
    }

    /** @return the shared application when it runs, else {@code null} */
    synchronized CairnApplication running() {
        return application;
    }

    @Override
    public synchronized void close() {
        if (application != null) {
            application.close();
            application = null;
            processors.release(NAME);
        }
    }
}
