package com.example.jpashop;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** One order's summary, the twin's read model row. */
@Entity
public class OrderSummaryEntity {

    @Id
    private String orderId;
    private String customer;
    private String product;
    private int quantity;

    protected OrderSummaryEntity() {
    }

    OrderSummaryEntity(String orderId, String customer, String product, int quantity) {
        this.orderId = orderId;
        this.customer = customer;
        this.product = product;
        this.quantity = quantity;
    }

    public String getOrderId() {
        return orderId;
    }

    public String getCustomer() {
        return customer;
    }

    public String getProduct() {
        return product;
    }

    public int getQuantity() {
        return quantity;
    }
}
