package dev.cairn.cli.internal;

import com.mongodb.ConnectionString;
import dev.cairn.eventstore.mongo.support.ConnectionStrings;
import dev.cairn.tenants.Tenant;
import dev.cairn.tenants.TenantDirectory;
import dev.cairn.tenants.TenantStatus;
import dev.cairn.tenants.UnknownTenantException;
import org.axonframework.common.AxonConfigurationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.Map;

/**
 * {@code cairn tenants add|list|remove}: the registry of tenants ({@code cairn_tenants}) in the directory database
 * (the one {@code --mongo-uri}/{@code --database} name), ADR 85. Nodes running {@code CairnTenants} on that database
 * start or stop the tenant at their next poll of the registry: no restart.
 */
@Command(name = "tenants", mixinStandardHelpOptions = true,
        description = "List, add and remove tenants in the registry of the directory database (--database); running "
                + "nodes pick changes up at their next poll, without a restart.",
        subcommands = {TenantsCommand.Add.class, TenantsCommand.ListTenants.class, TenantsCommand.Remove.class})
final class TenantsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions options;

    @Override
    public void run() {
        throw RootCommand.missingCommand(spec);
    }

    /** @return the registry in the directory database; {@code --tenant} names no directory, so it is refused */
    static TenantDirectory directory(Session session, String command) {
        if (session.options().tenant != null) {
            throw CliException.usage("--tenant does not apply to 'tenants " + command + "': the registry is in the "
                                             + "directory database (--database)");
        }
        return TenantDirectory.on(session.directory());
    }

    /** @return the server of a tenant, its password masked */
    static String server(Tenant tenant) {
        return tenant.connectionString() == null ? "(directory's server)"
                : ConnectionStrings.masked(tenant.connectionString());
    }

    static Map<String, Object> document(Tenant tenant, boolean active) {
        return Documents.of("id", tenant.id(), "state", active ? "active" : "removed", "placement", tenant.shared() ? "shared" : "own",
                            "database", tenant.database(), "server", tenant.connectionString() == null ? null
                                    : ConnectionStrings.masked(tenant.connectionString()));
    }

    /** {@code cairn tenants add ID [--shared | --tenant-database DB] [--tenant-uri URI]} */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "List a tenant with a database of its own, or in the shared store (--shared), replacing a "
                    + "removed entry of the same ID; running nodes start it at their next poll.")
    static final class Add extends CairnCommand {

        @Parameters(index = "0", paramLabel = "ID", description = "The tenant: 1 to 64 letters, digits, _ or -.")
        String id;

        @Option(names = "--tenant-database", paramLabel = "DB",
                description = "The tenant's database (default: the directory database's name, '_' and the ID).")
        String tenantDatabase;

        @Option(names = "--tenant-uri", paramLabel = "URI",
                description = "The tenant's own MongoDB connection string (default: the directory's server). Stored "
                        + "as given in the registry: prefer one without a password. Never printed with it.")
        String tenantUri;

        @Option(names = "--shared",
                description = "Place the tenant in the shared store (the directory database's store): no database, "
                        + "collection or index of its own; its aggregate identifiers must be unique across the shared "
                        + "tenants.")
        boolean shared;

        Add(Session session) {
            super(session);
        }

        @Override
        int execute() {
            session.remember(tenantUri);
            TenantDirectory directory = directory(session, "add");
            Tenant tenant;
            try {
                if (shared && (tenantDatabase != null || tenantUri != null)) {
                    throw CliException.usage("Tenant [" + id + "]: --shared places it in the directory database's "
                                                     + "store; it takes no --tenant-database or --tenant-uri");
                }
                String database = tenantDatabase != null ? tenantDatabase
                        : session.directory().getName() + "_" + id;
                tenant = shared ? Tenant.shared(id) : tenantUri == null ? Tenant.ownDatabase(id, database)
                        : Tenant.ownDatabase(id, database, tenantUri);
                directory.add(tenant);
            } catch (AxonConfigurationException e) {
                throw CliException.usage(e.getMessage());
            }
            if (tenantUri != null && new ConnectionString(tenantUri).getPassword() != null) {
                // ADR 85: the registry keeps the connection string as given, readable by whoever reads the directory
                session.err().println("cairn: warning: the registry keeps tenant [" + id + "]'s connection string "
                                              + "with its password; prefer one without (credentials from the "
                                              + "environment or X.509)");
            }
            Output output = output();
            if (output.json()) {
                output.document(Documents.of("outcome", "ADDED", "tenant", document(tenant, true)));
            } else {
                output.text("Added tenant [" + tenant.id() + "]: " + tenant.describe() + ". Nodes running the "
                                    + "tenants of database [" + session.directory().getName() + "] start it at "
                                    + "their next poll.");
            }
            return 0;
        }
    }

    /** {@code cairn tenants list} */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "The tenants the registry lists, active and removed, with their database and server.")
    static final class ListTenants extends CairnCommand {

        ListTenants(Session session) {
            super(session);
        }

        @Override
        int execute() {
            List<TenantStatus> tenants = directory(session, "list").list();
            tenants.forEach(status -> session.remember(status.tenant().connectionString()));
            Output output = output();
            if (output.json()) {
                output.document(Documents.of("tenants", tenants.stream()
                                                               .map(s -> document(s.tenant(), s.active()))
                                                               .toList()));
            } else if (tenants.isEmpty()) {
                output.text("No tenants: the registry of database [" + session.directory().getName()
                                    + "] lists none.");
            } else {
                output.table(List.of("TENANT", "STATE", "DATABASE", "SERVER"), tenants.stream().map(
                        s -> List.of(s.tenant().id(), s.active() ? "active" : "removed",
                                   s.tenant().shared() ? "(shared store)" : s.tenant().database(),
                                     server(s.tenant()))).toList());
            }
            return 0;
        }
    }

    /** {@code cairn tenants remove ID} */
    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "List a tenant as removed: running nodes stop its processing at their next poll; its "
                    + "database and data are kept ('tenants add' lists it again).")
    static final class Remove extends CairnCommand {

        @Parameters(index = "0", paramLabel = "ID", description = "The tenant.")
        String id;

        Remove(Session session) {
            super(session);
        }

        @Override
        int execute() {
            try {
                directory(session, "remove").remove(id);
            } catch (UnknownTenantException e) {
                throw CliException.usage(e.getMessage());
            }
            Output output = output();
            if (output.json()) {
                output.document(Documents.of("outcome", "REMOVED", "tenant", id));
            } else {
                output.text("Removed tenant [" + id + "]: nodes stop its processing at their next poll; its data is "
                                    + "kept.");
            }
            return 0;
        }
    }
}
