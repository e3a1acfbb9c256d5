package dev.cairn.cli;

import dev.cairn.aggregates.Cairn;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.projections.CairnProjections;

/**
 * How an application describes itself to the {@code cairn} command line: its projections (the handlers a rebuild, a
 * reset or a dead-letter retry runs) and what reading its stored events needs.
 * <p>
 * An application embedding the command line passes one to {@link CairnCli#run(CliApplication, String...)}; the
 * standalone {@link CairnLauncher} finds implementations on its class path through {@link java.util.ServiceLoader}
 * (a file {@code META-INF/services/dev.cairn.cli.CliApplication} naming the class, which needs a public no-argument
 * constructor):
 * <pre>{@code
 * public final class BankCli implements CliApplication {
 *     public CairnProjections projections() {
 *         return CairnProjections.builder()
 *                                .projection(new Balances(), o -> o.owns("balances", "bank_totals"))
 *                                .build();
 *     }
 *     public Cairn.Builder configure(Cairn.Builder cairn) {
 *         return cairn.aggregate(Account.class).upcaster(new AccountOpenedV1Upcaster());
 *     }
 * }
 * }</pre>
 * The command line finds Cairn's collections under the names the application gives them ({@link #collections()}),
 * not under assumed default names.
 * <p>
 * Commands that only read storage ({@code projections status}, {@code projections list}, {@code dead-letters list},
 * {@code events ...}) never call either method's result into action; commands that need the handlers start an
 * application in the command line's process with only the projection they work on.
 */
public interface CliApplication {

    /**
     * @return a new {@link CairnProjections} with the application's projections; a fresh instance on every call, since
     * one instance can be part of only one started application
     */
    CairnProjections projections();

    /**
     * Adds what reading the stored events needs: the aggregates (their event packages become allowed stored types),
     * upcasters, further allowed stored types ({@link Cairn.Builder#allowStoredTypes(String...)}). The command line sets
     * the database itself, after this method; do not call {@code start()}.
     *
     * @param cairn a new builder
     * @return the builder to start (by default {@code cairn}, unchanged)
     */
    default Cairn.Builder configure(Cairn.Builder cairn) {
        return cairn;
    }

    /**
     * Describes the collections the application uses, with their configured names (ADR 73): the commands that read
     * or prepare them ({@code events ...}, {@code indexes check|ensure}, the stored tokens) use these names. Starts
     * nothing.
     *
     * @return by default what {@link Cairn.Builder#collections()} describes for {@link #configure(Cairn.Builder)}
     * with the extension of {@link #projections()}: the event store's names set with {@code eventStorage(...)}, the
     * projections' token store, and the names of the extensions {@code configure} adds (sagas' deadlines)
     */
    default CairnCollections collections() {
        return configure(Cairn.builder()).extension(projections().extension()).collections();
    }
}
