package com.example.relay;

import com.example.bank.Account;
import com.example.bank.Bank;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.relay.KafkaRelay;

import java.time.Duration;
import java.util.Map;

/**
 * One relay node of the killed-relay scenario, in a JVM of its own until it is killed:
 * {@code RelayNode <connection string> <database> <bootstrap servers> <relay> <topic> <node id>}. Prints
 * {@code started} once it runs.
 */
public final class RelayNode {

    /** The token claim timeout of every relay node: how soon a killed node's segments are taken over. */
    public static final Duration CLAIM_TIMEOUT = Duration.ofMillis(1_500);

    private RelayNode() {
    }

    public static void main(String[] args) throws Exception {
        CairnApplication app = Cairn.builder().mongo(args[0], args[1]).aggregate(Account.class)
                                    .extension(relay(args[2], args[3], args[4], args[5]).extension()).start();
        System.out.println("started");
        System.out.flush();
        Thread.currentThread().join(); // until killed
        app.close();
    }

    public static KafkaRelay relay(String servers, String name, String topic, String nodeId) {
        return KafkaRelay.builder().name(name).producerProperties(Map.of("bootstrap.servers", servers))
                         .route(Bank.MoneyDeposited.class, topic).segments(2).maxSegments(2).batchSize(20)
                         .tokenStore(store -> store.nodeId(nodeId).claimTimeout(CLAIM_TIMEOUT)).build();
    }
}
