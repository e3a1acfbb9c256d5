package com.example.shop;

import com.example.shop.OrderMessages.PlaceOrder;
import com.example.shop.OrderSummaries.OrderSummary;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.spring.boot.CairnStatus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

/**
 * {@code POST /orders} places an order and answers with its identifier and the position of its event;
 * {@code GET /orders/{id}?after=position} waits (up to 5 s) until the summaries have processed that position, then
 * reads the summary: a client reads its own write.
 */
@RestController
public class OrderController {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final CommandGateway commands;
    private final MongoEventStorageEngine events;
    private final CairnStatus status;
    private final OrderSummaries summaries;

    public OrderController(CommandGateway commands, MongoEventStorageEngine events, CairnStatus status,
                           OrderSummaries summaries) {
        this.commands = commands;
        this.events = events;
        this.status = status;
        this.summaries = summaries;
    }

    @PostMapping("/orders")
    public ResponseEntity<Placed> place(@RequestBody NewOrder order) {
        String orderId = UUID.randomUUID().toString();
        commands.sendAndWait(new PlaceOrder(orderId, order.customer(), order.product(), order.quantity()));
        long position = events.lastAppendedPosition().orElseThrow();
        return ResponseEntity.created(URI.create("/orders/" + orderId + "?after=" + position))
                             .body(new Placed(orderId, position));
    }

    @GetMapping("/orders/{orderId}")
    public ResponseEntity<OrderSummary> summary(@PathVariable String orderId,
                                                @RequestParam(required = false) Long after)
            throws InterruptedException {
        if (after != null && !status.monitor().awaitCaughtUp(OrderSummaries.NAME, after, WAIT)) {
            return ResponseEntity.status(503).build();
        }
        return ResponseEntity.of(summaries.find(orderId));
    }

    /** The body of {@code POST /orders}. */
    public record NewOrder(String customer, String product, int quantity) {
    }

    /** The answer of {@code POST /orders}. */
    public record Placed(String orderId, long position) {
    }
}
