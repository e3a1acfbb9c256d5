package dev.cairn.mongo.embedded.junit;

import com.mongodb.MongoClientSettings;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.bson.BsonDocument;
import org.bson.BsonValue;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A driver {@link CommandListener} recording the read concern, read preference and write concern the driver actually
 * sent with each read and write (register it with {@link #register(MongoClientSettings.Builder)}). The embedded server
 * ignores all three, so a test proves what a replica set would be asked for by looking at the commands themselves.
 * <p>
 * Reads are {@code find}, {@code aggregate}, {@code count} and {@code distinct} (a {@code getMore} continues its
 * cursor under the concern of the command that opened it); writes are {@code insert}, {@code update}, {@code delete}
 * and {@code findAndModify}.
 */
public final class SentConcerns implements CommandListener {

    private static final Set<String> READS = Set.of("find", "aggregate", "count", "distinct");
    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findAndModify");

    /**
     * One command as sent.
     *
     * @param command        the command name
     * @param collection     the collection it addresses
     * @param readConcern    its {@code readConcern} field, empty when absent
     * @param readPreference its {@code $readPreference} field, empty when absent (the driver then asks the primary)
     * @param writeConcern   its {@code writeConcern} field, empty when absent (the server's default applies)
     */
    public record Sent(String command, String collection, BsonDocument readConcern, BsonDocument readPreference,
                       BsonDocument writeConcern) {

        /** @return whether this command reads (and so carries a read concern and read preference) */
        public boolean isRead() {
            return READS.contains(command);
        }

        /** @return whether this command writes (and so carries a write concern) */
        public boolean isWrite() {
            return WRITES.contains(command);
        }

        /**
         * @return whether the command asks for the primary only: no {@code $readPreference} (the driver sends none for
         * {@code primary}) or {@code primary}
         */
        public boolean toPrimary() {
            String mode = readPreference.isEmpty() ? "primary" : readPreference.getString("mode").getValue();
            return mode.equals("primary");
        }

        @Override
        public String toString() {
            return command + " " + collection + " readConcern=" + readConcern.toJson() + " $readPreference="
                    + readPreference.toJson() + " writeConcern=" + writeConcern.toJson();
        }
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    /**
     * @return {@code settings} with this listener added
     */
    public MongoClientSettings.Builder register(MongoClientSettings.Builder settings) {
        return settings.addCommandListener(this);
    }

    @Override
    public void commandStarted(CommandStartedEvent event) {
        // the command's buffer is released after this call: the fields are copied now
        String name = event.getCommandName();
        if (!READS.contains(name) && !WRITES.contains(name)) {
            return;
        }
        BsonDocument command = event.getCommand();
        BsonValue target = command.get(name);
        if (target != null && target.isString()) {
            sent.add(new Sent(name, target.asString().getValue(), copy(command, "readConcern"),
                              copy(command, "$readPreference"), copy(command, "writeConcern")));
        }
    }

    /**
     * @return the reads and writes sent so far that address one of {@code collections}, oldest first
     */
    public List<Sent> on(Collection<String> collections) {
        return sent.stream().filter(s -> collections.contains(s.collection())).toList();
    }

    /**
     * Forgets the commands recorded so far.
     */
    public void reset() {
        sent.clear();
    }

    private static BsonDocument copy(BsonDocument command, String field) {
        BsonValue value = command.get(field);
        return value != null && value.isDocument() ? value.asDocument().clone() : new BsonDocument();
    }
}
