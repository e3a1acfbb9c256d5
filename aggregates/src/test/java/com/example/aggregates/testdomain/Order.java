package com.example.aggregates.testdomain;

import com.example.aggregates.testdomain.Commands.AddLine;
import com.example.aggregates.testdomain.Commands.PlaceOrder;
import com.example.aggregates.testdomain.Commands.ShipOrder;
import com.example.aggregates.testdomain.Events.LineAdded;
import com.example.aggregates.testdomain.Events.OrderPlaced;
import com.example.aggregates.testdomain.Events.OrderShipped;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

public class Order {

    @AggregateIdentifier
    private String orderId;
    private String customer;
    private final List<String> products = new ArrayList<>();
    private boolean shipped;

    protected Order() {
    }

    @CommandHandler
    public Order(PlaceOrder command, CommandLog log) {
        log.executed();
        apply(new OrderPlaced(command.orderId(), command.customer()));
    }

    @CommandHandler
    public String handle(AddLine command, CommandLog log) {
        log.executed();
        String lineId = UUID.randomUUID().toString();
        apply(new LineAdded(orderId, lineId, command.product(), command.quantity()));
        return lineId;
    }

    @CommandHandler
    public void handle(ShipOrder command, CommandLog log) {
        log.executed();
        if (products.isEmpty()) {
            throw new IllegalStateException("Order " + orderId + " has no lines");
        }
        apply(new OrderShipped(orderId));
    }

    @CommandHandler
    public void handle(Commands.BreakRule command, CommandLog log) {
        log.executed();
        throw new Commands.OrderRuleViolation("Order " + orderId + " breaks a rule", null);
    }

    @CommandHandler
    public void handle(Commands.ExceedLimit command, CommandLog log) {
        log.executed();
        throw new Commands.LineLimitExceeded(command.limit());
    }

    @EventSourcingHandler
    void on(OrderPlaced event) {
        this.orderId = event.orderId();
        this.customer = event.customer();
    }

    @EventSourcingHandler
    void on(LineAdded event) {
        products.add(event.product());
    }

    @EventSourcingHandler
    void on(OrderShipped event) {
        shipped = true;
    }

    public String orderId() {
        return orderId;
    }

    public String customer() {
        return customer;
    }

    public List<String> products() {
        return products;
    }

    public boolean shipped() {
        return shipped;
    }
}
