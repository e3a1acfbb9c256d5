package dev.cairn.cli;

import com.mongodb.client.MongoDatabase;
import dev.cairn.cli.support.Launcher;
import dev.cairn.cli.support.Projections;
import com.example.cli.Balances;
import com.example.bank.BankHistory;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rebuild on a terminal shows a live progress bar: the launcher runs under a pseudo-terminal made by
 * {@code script} (util-linux), which records everything the terminal received.
 */
@ExtendWith(EmbeddedMongoExtension.class)
@EnabledIf(value = "scriptIsInstalled", disabledReason = "needs script(1) from util-linux for a pseudo-terminal")
class TerminalProgressTest {

    @Test
    void aRebuildOnATerminalDrawsALiveBarAndKeepsOtherLinesAboveIt(MongoTarget mongo, MongoDatabase database)
            throws Exception {
        // Given a processed history
        BankHistory history = BankHistory.write(database, "account-", 40, 49, 10);
        Projections.catchUp(database);

        // When it is rebuilt on a terminal, one event per batch: the bar is redrawn several times, and the rebuild
        // lasts over a second, before which the bar's rate reads "?/s" (it counts whole seconds)
        String command = String.join(" ", Launcher.javaCommand(LauncherProcessTest.connection(
                mongo, database, "projections", "rebuild", "balances", "--batch-size", "1"))
                .stream().map(TerminalProgressTest::quoted).toList());
        Launcher run = Launcher.command(List.of("script", "-q", "-e", "-c", command, "/dev/null"));

        // Then the bar shows the task, done / total events, the rate and the time left, redrawn in place
        assertThat(run.exitCode(Duration.ofSeconds(90))).as(run.toString()).isZero();
        String terminal = run.out();
        assertThat(terminal).containsPattern("balances +\\d+% \\[[=> ]+] +\\d+/2000 \\(\\d:\\d\\d:\\d\\d / ")
                            .containsPattern("[\\d,]+/s").contains("\r");
        assertThat(terminal.split("\r").length).as(terminal).isGreaterThan(3);
        // and the result comes after the bar, on its own line
        assertThat(terminal).containsPattern("(?m)^Rebuilt projection \\[balances] in place: 2,000 events in ");
        assertThat(Projections.balances(database, Balances.ACCOUNTS)).isEqualTo(history.balances());
    }

    static boolean scriptIsInstalled() {
        return List.of("/usr/bin/script", "/bin/script").stream().anyMatch(p -> Files.isExecutable(Path.of(p)));
    }

    private static String quoted(String argument) {
        return "'" + argument.replace("'", "'\\''") + "'";
    }
}
