package dev.cairn.cli.internal;

import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.cli.CliApplication;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.eventstore.mongo.support.CairnCollections.Role;
import dev.cairn.processing.MongoTokenStore;
import dev.cairn.processing.ProcessorNames;
import dev.cairn.projections.CairnProjections;
import dev.cairn.projections.ProjectionOptions;
import dev.cairn.tenants.Tenant;
import dev.cairn.tenants.TenantDirectory;
import dev.cairn.tenants.UnknownTenantException;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * What one run of the command line works with: the applications it knows, its output streams, the global options,
 * and (opened on first use, closed at the end) the connection.
 */
final class Session implements AutoCloseable {

    static final String MONGO_URI_VARIABLE = "CAIRN_MONGO_URI";

    private final List<CliApplication> applications;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final boolean terminal;
    private final Secrets secrets = new Secrets();
    private GlobalOptions options = new GlobalOptions();
    private Connection connection;
    private Connection tenantConnection;
    private MongoDatabase database;
    private Connection source;
    private AcrossTenants acrossTenants;
    private CairnCollections collections;

    Session(List<CliApplication> applications, PrintStream out, PrintStream err, Map<String, String> env,
            boolean terminal) {
        this.applications = List.copyOf(applications);
        this.out = out;
        this.err = err;
        this.env = env;
        this.terminal = terminal;
        secrets.remember(env.get(MONGO_URI_VARIABLE));
    }

    /** Adds the options given after the next command name, which win over those before. */
    void useOptions(GlobalOptions commandOptions) {
        this.options = commandOptions.over(options);
    }

    GlobalOptions options() {
        return options;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    boolean json() {
        return options.json;
    }

    /** @return whether the output is an interactive terminal (progress bars) rather than a pipe or a file */
    boolean terminal() {
        return terminal;
    }

    /** Keeps {@code connectionString}'s password out of every line printed (null is ignored). */
    void remember(String connectionString) {
        secrets.remember(connectionString);
    }

    String scrub(String text) {
        return secrets.scrub(text);
    }

    /**
     * @return the database the commands work on, connecting on first use: with {@code --tenant}, the tenant's
     * database as the registry in the directory database lists it; else the directory database itself
     * @throws CliException usage error naming the tenant and the active ones when the registry does not list it
     */
    synchronized MongoDatabase database() {
        if (database == null) {
            MongoDatabase directory = directory();
            database = options.tenant == null ? directory : tenantDatabase(options.tenant);
        }
        return database;
    }

    /** @return the database named by the global options (with tenants, the directory database), connecting once */
    synchronized MongoDatabase directory() {
        if (connection == null) {
            String uri = MongoUriFile.choose(options.mongoUri, options.mongoUriFile,
                                             blankToNull(env.get(MONGO_URI_VARIABLE)));
            secrets.remember(uri);
            connection = Connection.open(uri, options.database, options.data, secrets);
        }
        return connection.database();
    }

    /** @return database {@code name} on the directory database's server */
    synchronized MongoDatabase onDirectoryServer(String name) {
        directory();
        return connection.database(name);
    }

    /** @return the projections across tenants and the tenants' stores (ADR 85); closed with the session */
    synchronized AcrossTenants acrossTenants() {
        if (acrossTenants == null) {
            acrossTenants = new AcrossTenants(this, secrets);
        }
        return acrossTenants;
    }

    private MongoDatabase tenantDatabase(String tenantId) {
        Tenant tenant;
        try {
            tenant = TenantDirectory.on(connection.database()).active(tenantId);
        } catch (UnknownTenantException e) {
            throw CliException.usage(e.getMessage() + " in the registry of database [" + connection.database()
                    .getName() + "]");
        }
        if (tenant.shared()) {
            return connection.database(); // the shared store is the directory database's store
        }
        if (tenant.connectionString() == null) {
            return connection.database(tenant.database());
        }
        secrets.remember(tenant.connectionString());
        try {
            tenantConnection = Connection.open(tenant.connectionString(), tenant.database(), null, secrets);
        } catch (CliException e) {
            throw CliException.failure("Tenant [" + tenantId + "]: " + e.getMessage(), e);
        }
        return tenantConnection.database();
    }

    /**
     * @return Cairn's collections under the names the applications give them (ADR 73); the default names without an
     * application
     * @throws CliException usage error naming the collection when two applications name one differently
     */
    synchronized CairnCollections collections() {
        if (collections == null) {
            CairnCollections described = null;
            CliApplication first = null;
            for (CliApplication app : applications) {
                CairnCollections own = app.collections();
                if (described == null) {
                    described = own;
                    first = app;
                    continue;
                }
                for (CairnCollections.Role role : CairnCollections.Role.values()) {
                    if (!described.name(role).equals(own.name(role))) {
                        throw CliException.usage("The applications " + first.getClass().getName() + " and "
                                                         + app.getClass().getName() + " name the " + role
                                                         + " collection differently ([" + described.name(role)
                                                         + "], [" + own.name(role) + "]): run the command line of "
                                                         + "one application");
                    }
                }
            }
            collections = described == null ? CairnCollections.defaults() : described;
        }
        return collections;
    }

    /**
     * @return the projections this database holds and those the applications register, each once, sorted: the names
     * a command accepts, and what {@code projections list} shows (with where each is known from)
     */
    List<String> knownProjections() {
        TreeSet<String> names = new TreeSet<>(registeredProjections());
        names.addAll(storedProjections());
        return List.copyOf(names);
    }

    /**
     * @return the projections this database holds (stored tokens), sorted: what a status reports. A registered
     * projection that never ran on this database has nothing to report, and the command line runs none while it
     * reports (an application running it has stored its tokens), so it is not listed: the database may belong to
     * another application.
     */
    List<String> reportedProjections() {
        return storedProjections();
    }

    List<String> registeredProjections() {
        List<String> names = new ArrayList<>();
        applications.forEach(app -> app.projections().names().stream().filter(n -> !names.contains(n))
                                        .forEach(names::add));
        return names;
    }

    /** @return the projections with stored tokens (a blue/green version's processor counts for its projection) */
    List<String> storedProjections() {
        TreeSet<String> names = new TreeSet<>();
        MongoTokenStore.builder().database(database()).collectionName(collections().name(Role.TOKENS)).build()
                       .processorNames()
                       .forEach(name -> names.add(ProcessorNames.baseName(name)));
        return List.copyOf(names);
    }

    /**
     * @throws CliException usage error naming the known projections when {@code name} is none of them
     */
    String requireKnown(String name) {
        List<String> known = knownProjections();
        if (!known.contains(name)) {
            throw CliException.usage("Unknown projection [" + name + "]; known: " + known);
        }
        return name;
    }

    /**
     * @throws CliException usage error when no application provides the handlers of {@code name}
     */
    CliApplication applicationOf(String name) {
        Optional<CliApplication> found = applications.stream()
                                                     .filter(app -> app.projections().names().contains(name))
                                                     .findFirst();
        if (found.isPresent()) {
            return found.get();
        }
        requireKnown(name);
        throw CliException.usage("Projection [" + name + "] needs its handlers, and no CliApplication on the class "
                                         + "path provides them" + (applications.isEmpty() ? " (none found)"
                : " (found: " + applications.stream().map(a -> a.getClass().getName()).toList() + ")")
                                         + ": register one in META-INF/services/dev.cairn.cli.CliApplication, or run "
                                         + "CairnCli.run(app, args) from the application");
    }

    /**
     * Starts an application in this process with only projection {@code name}, its options adjusted.
     */
    Started start(String name, UnaryOperator<ProjectionOptions> options) {
        CliApplication app = applicationOf(name);
        MongoDatabase database = database();
        CairnProjections projections = app.projections().select(name, options);
        Cairn.Builder builder = app.configure(Cairn.builder());
        CairnApplication running = builder.database(database).extension(projections.extension()).start();
        return new Started(projections, running);
    }

    /**
     * @return the database a migration reads from, connected once ({@code --source-uri}, its password masked like
     * the target's); closed with the session
     */
    synchronized MongoDatabase sourceDatabase(String uri, String databaseName) {
        if (source == null) {
            source = Connection.openSource(uri, databaseName, secrets);
        }
        return source.database();
    }

    @Override
    public synchronized void close() {
        if (source != null) {
            source.close();
            source = null;
        }
        if (tenantConnection != null) {
            tenantConnection.close();
            tenantConnection = null;
        }
        if (acrossTenants != null) {
            acrossTenants.close();
            acrossTenants = null;
        }
        if (connection != null) {
            connection.close();
            connection = null;
        }
        database = null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** An application started by the command line with one projection; closing it stores its tokens. */
    record Started(CairnProjections projections, CairnApplication application) implements AutoCloseable {
        @Override
        public void close() {
            application.close();
        }
    }
}
