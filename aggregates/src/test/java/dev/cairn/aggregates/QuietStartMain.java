package dev.cairn.aggregates;

import com.example.aggregates.testdomain.CommandLog;
import com.example.aggregates.testdomain.Commands.PlaceOrder;
import com.example.aggregates.testdomain.Order;
import dev.cairn.mongo.embedded.EmbeddedMongo;

/**
 * A whole application in a JVM of its own, as a user's {@code main} would run it: start an embedded server and Cairn,
 * send a command, close both, return. {@link StartAndExitTest} watches its output and how soon the JVM exits.
 */
public final class QuietStartMain {

    public static final String RETURNED = "main returned";

    private QuietStartMain() {
    }

    public static void main(String[] args) {
        EmbeddedMongo mongo = EmbeddedMongo.start();
        try (CairnApplication app = Cairn.builder()
                                         .mongo(mongo.connectionString(), "quiet")
                                         .aggregate(Order.class)
                                         .configure(c -> c.registerComponent(CommandLog.class, cfg -> new CommandLog()))
                                         .start()) {
            app.commandGateway().sendAndWait(new PlaceOrder("order-q", "quinn"));
        } finally {
            mongo.close();
        }
        System.out.println(RETURNED);
        System.out.flush();
    }
}
