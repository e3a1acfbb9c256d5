package dev.cairn.cli.internal;

import dev.cairn.relay.InboxStatus;
import dev.cairn.relay.KafkaInbox;
import dev.cairn.relay.RelayMonitor;
import dev.cairn.relay.RelayStatus;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code cairn relay status [--json]}: read from storage only.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Where the Kafka relays of the database stand (position, lag in events and time, dead letters, "
                + "last error), and its inboxes (positions per partition, parked records, last error).")
final class RelayStatusCommand extends CairnCommand {

    static final List<String> RELAY_HEADERS = List.of("RELAY", "STATE", "TOPICS", "POSITION", "HEAD", "LAG",
                                                      "OLDEST", "DEAD LETTERS", "LAST ERROR");
    static final List<String> INBOX_HEADERS = List.of("INBOX", "TOPIC", "POSITIONS", "PARKED", "LAST ERROR");

    RelayStatusCommand(Session session) {
        super(session);
    }

    @Override
    int execute() {
        RelayMonitor monitor = RelayMonitor.on(session.database(), session.collections());
        List<RelayStatus> relays = monitor.status();
        List<InboxStatus> inboxes = KafkaInbox.names(session.database()).stream()
                                              .map(name -> KafkaInbox.status(session.database(), name)).toList();
        Output output = output();
        if (output.json()) {
            output.document(Documents.of("relays", relays.stream().map(RelayStatusCommand::document).toList(),
                                         "inboxes", inboxes.stream().map(RelayStatusCommand::document).toList()));
            return 0;
        }
        if (relays.isEmpty()) {
            output.text("No relays: none has started on this database.");
        } else {
            List<List<String>> rows = new ArrayList<>();
            for (RelayStatus relay : relays) {
                rows.add(List.of(relay.name(), relay.state().name(), String.join(",", relay.topics()),
                                 Output.count(relay.position()), Output.count(relay.head()),
                                 Output.count(relay.lagEvents()), Output.age(relay.lag()),
                                 Output.count(relay.deadLetters()), Output.orDash(relay.lastError())));
            }
            output.table(RELAY_HEADERS, rows);
        }
        if (!inboxes.isEmpty()) {
            output.text("");
            List<List<String>> rows = new ArrayList<>();
            for (InboxStatus inbox : inboxes) {
                rows.add(List.of(inbox.name(), Output.orDash(inbox.topic()), positions(inbox.positions()),
                                 Output.count(inbox.parked()), Output.orDash(inbox.lastError())));
            }
            output.table(INBOX_HEADERS, rows);
        }
        return 0;
    }

    private static String positions(Map<Integer, Long> positions) {
        if (positions.isEmpty()) {
            return "-";
        }
        List<String> parts = new ArrayList<>();
        positions.entrySet().stream().sorted(Map.Entry.comparingByKey())
                 .forEach(e -> parts.add(e.getKey() + ":" + e.getValue()));
        return String.join(",", parts);
    }

    private static Map<String, Object> document(RelayStatus relay) {
        return Documents.of("name", relay.name(), "processor", relay.processor(), "topics", relay.topics(),
                            "state", relay.state().name(), "position", relay.position(), "head", relay.head(),
                            "lag", relay.lagEvents(), "lagMillis", relay.lag().toMillis(),
                            "caughtUp", relay.caughtUp(), "deadLetters", relay.deadLetters(),
                            "lastError", relay.lastError(),
                            "lastErrorAt", relay.lastErrorAt() == null ? null : Output.iso(relay.lastErrorAt()));
    }

    private static Map<String, Object> document(InboxStatus inbox) {
        Map<String, Object> positions = new java.util.LinkedHashMap<>();
        inbox.positions().entrySet().stream().sorted(Map.Entry.comparingByKey())
             .forEach(e -> positions.put(String.valueOf(e.getKey()), e.getValue()));
        return Documents.of("name", inbox.name(), "topic", inbox.topic(), "positions", positions,
                            "parked", inbox.parked(), "lastError", inbox.lastError(),
                            "lastErrorAt", inbox.lastErrorAt() == null ? null : Output.iso(inbox.lastErrorAt()));
    }
}
