package com.example.jpashop;

import com.example.jpashop.JpaOrderMessages.PlaceOrder;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.UUID;

/** The sample's endpoints on the twin: {@code POST /orders}, {@code GET /orders/{id}}. */
@RestController
public class JpaOrderController {

    private final CommandGateway commands;
    private final OrderSummaryRepository summaries;

    public JpaOrderController(CommandGateway commands, OrderSummaryRepository summaries) {
        this.commands = commands;
        this.summaries = summaries;
    }

    @PostMapping("/orders")
    public ResponseEntity<String> place(@RequestBody NewOrder order) {
        String orderId = UUID.randomUUID().toString();
        commands.sendAndWait(new PlaceOrder(orderId, order.customer(), order.product(), order.quantity()));
        return ResponseEntity.created(URI.create("/orders/" + orderId)).body(orderId);
    }

    @GetMapping("/orders/{orderId}")
    public ResponseEntity<OrderSummaryEntity> summary(@PathVariable String orderId) {
        return ResponseEntity.of(summaries.findById(orderId));
    }

    /** The body of {@code POST /orders}. */
    public record NewOrder(String customer, String product, int quantity) {
    }
}
