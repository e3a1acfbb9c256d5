package dev.cairn.mongo.embedded.junit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A driver {@link CommandListener} that records the commands a client sends, so tests can assert how many server
 * round trips an operation costs (register it on a client built from {@link MongoTarget#connectionString()}).
 */
public final class CommandCounter implements CommandListener {

    private final List<CommandStartedEvent> commands = new CopyOnWriteArrayList<>();
    /** Each command's name and target collection, read while its document is valid (the driver reuses it after). */
    private final List<String> targets = new CopyOnWriteArrayList<>();

    /**
     * @return a new client for {@code connectionString} that reports its commands to this counter; the caller
     * closes it
     */
    public MongoClient newClient(String connectionString) {
        return MongoClients.create(MongoClientSettings.builder()
                                                      .applyConnectionString(new ConnectionString(connectionString))
                                                      .addCommandListener(this)
                                                      .build());
    }

    @Override
    public void commandStarted(CommandStartedEvent event) {
        commands.add(event);
        var target = event.getCommand().get(event.getCommandName());
        targets.add(event.getCommandName() + " " + (target != null && target.isString() ? target.asString().getValue()
                : ""));
    }

    /**
     * @return how many commands named {@code commandName} ({@code find}, {@code getMore}, {@code insert}, ...) were
     * sent since the last {@link #reset()}
     */
    public long count(String commandName) {
        return commands.stream().filter(c -> c.getCommandName().equals(commandName)).count();
    }

    /**
     * @return how many commands of any kind were sent since the last {@link #reset()}, handshakes excluded
     */
    public long total() {
        return commands.stream().filter(c -> !isHandshake(c.getCommandName())).count();
    }

    /**
     * @return the commands sent since the last {@link #reset()}, oldest first
     */
    public List<CommandStartedEvent> commands() {
        return List.copyOf(commands);
    }

    /**
     * @return how many commands named {@code commandName} were sent to {@code collection} since the last
     * {@link #reset()}
     */
    public long count(String commandName, String collection) {
        return targets.stream().filter(target -> target.equals(commandName + " " + collection)).count();
    }

    public void reset() {
        targets.clear();
        commands.clear();
    }

    private static boolean isHandshake(String name) {
        return name.equals("hello") || name.equals("isMaster") || name.equals("ismaster") || name.equals("ping")
                || name.equals("buildInfo") || name.equals("endSessions");
    }
}
