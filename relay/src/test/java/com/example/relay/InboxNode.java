package com.example.relay;

import com.example.bank.Account;
import com.example.bank.Bank;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.relay.KafkaInbox;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.lifecycle.Phase;
import org.axonframework.messaging.MessageHandlerInterceptor;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One inbox node of the killed-inbox scenario, in a JVM of its own:
 * {@code InboxNode <connection string> <database> <bootstrap servers> <topic> <group> <group instance id>}. Prints
 * {@code started} once it consumes. With the system property {@value #HALT_AFTER} set to {@code n}, the node halts
 * ({@code Runtime.halt}, exit code {@value #HALTED}, no shutdown hook) once its {@code n}th deposit's unit of work
 * committed (events stored, idempotency key done) and before the command's result reaches the inbox: after the command
 * and before the inbox writes its position and commits the offset.
 */
public final class InboxNode {

    /** The system property arming the halt: after how many deposits the node halts. */
    public static final String HALT_AFTER = "cairn.test.inbox.haltAfterDeposits";
    /** The exit code of a node that halted itself. */
    public static final int HALTED = 86;
    /** The inbox's name: its idempotency keys and positions. */
    public static final String NAME = "payments";

    private InboxNode() {
    }

    public static void main(String[] args) throws Exception {
        int haltAfter = Integer.getInteger(HALT_AFTER, 0);
        AtomicInteger deposits = new AtomicInteger();
        MessageHandlerInterceptor<CommandMessage<?>> halt = (unitOfWork, chain) -> {
            if (unitOfWork.getMessage().getPayload() instanceof Bank.Deposit deposit) {
                // cleanup runs after every after-commit step (the idempotency key is done), before the sender hears
                unitOfWork.onCleanup(u -> {
                    if (!u.isRolledBack() && deposits.incrementAndGet() == haltAfter) {
                        System.out.println("halting after deposit " + deposit.amount() + " of " + deposit.accountId());
                        System.out.flush();
                        Runtime.getRuntime().halt(HALTED);
                    }
                });
            }
            return chain.proceed();
        };
        CairnApplication app = Cairn.builder().mongo(args[0], args[1]).aggregate(Account.class)
                                    .extension(setup -> setup.configurer().onInitialize(configuration -> configuration
                                            .onStart(Phase.LOCAL_MESSAGE_HANDLER_REGISTRATIONS, () -> configuration.commandBus()
                                                    .registerHandlerInterceptor(halt))))
                                    .extension(inbox(args[2], args[3], args[4], args[5]).extension()).start();
        System.out.println("started");
        System.out.flush();
        Thread.currentThread().join(); // until halted or killed
        app.close();
    }

    /**
     * The inbox of every node: records {@code <account> -> <amount>} become deposits. A static group member
     * ({@code instance}) whose session ends 2 seconds after its last heartbeat: a node restarted under the same
     * instance takes its partitions back at once, a dead node's partitions move to the others after 2 seconds.
     */
    public static KafkaInbox inbox(String servers, String topic, String group, String instance) {
        return KafkaInbox.builder().name(NAME).topic(topic)
                         .consumerProperties(Map.of("bootstrap.servers", servers, "group.id", group,
                                                    "group.instance.id", instance, "session.timeout.ms", 2_000,
                                                    "heartbeat.interval.ms", 300))
                         .commands(InboxNode::deposit).attempts(2).backoff(Duration.ofMillis(10)).build();
    }

    private static Object deposit(ConsumerRecord<String, byte[]> record) {
        return new Bank.Deposit(record.key(), Long.parseLong(new String(record.value(), StandardCharsets.UTF_8)));
    }
}
