package com.example.shop;

import com.example.shop.OrderMessages.OrderPlaced;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.cairn.spring.boot.CairnMongo;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The order summaries read model: one document per order in the collection {@value #COLLECTION}, written by a
 * streaming processor whose tokens live in Cairn's token store. Replacing by identifier makes a replay harmless.
 */
@Component
@ProcessingGroup(OrderSummaries.NAME)
public class OrderSummaries {

    public static final String NAME = "orderSummaries";
    static final String COLLECTION = "order_summaries";

    private final MongoCollection<Document> summaries;

    public OrderSummaries(CairnMongo mongo) {
        this.summaries = mongo.database().getCollection(COLLECTION);
    }

    @EventHandler
    void on(OrderPlaced event) {
        summaries.replaceOne(Filters.eq("_id", event.orderId()),
                             new Document("_id", event.orderId()).append("customer", event.customer())
                                                                 .append("product", event.product())
                                                                 .append("quantity", event.quantity()),
                             new ReplaceOptions().upsert(true));
    }

    /** @return the summary of order {@code orderId}, when the projection has seen it */
    public Optional<OrderSummary> find(String orderId) {
        return Optional.ofNullable(summaries.find(Filters.eq("_id", orderId)).first())
                       .map(document -> new OrderSummary(document.getString("_id"), document.getString("customer"),
                                                         document.getString("product"),
                                                         document.getInteger("quantity")));
    }

    /** What {@code GET /orders/{id}} returns. */
    public record OrderSummary(String orderId, String customer, String product, int quantity) {
    }
}
