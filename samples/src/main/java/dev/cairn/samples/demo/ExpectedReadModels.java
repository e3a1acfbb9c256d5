package dev.cairn.samples.demo;

import com.example.samples.bank.Balances;
import com.example.samples.bank.BankMessages;
import com.example.samples.bank.Ledger;
import com.example.samples.orders.OrderMessages;
import com.example.samples.orders.OrderSummaries;
import com.example.samples.orders.SalesDashboard;
import com.example.samples.orders.StockLevelsView;
import org.axonframework.eventhandling.EventMessage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every read model of the samples recomputed from the stored events by plain code, independent of the projections,
 * so a projection that drops or mishandles an event type shows up as a difference. Each model is documents by id,
 * each document its fields.
 */
final class ExpectedReadModels {

    private final Map<String, Map<Object, Map<String, Object>>> models = new LinkedHashMap<>();

    ExpectedReadModels() {
        for (String name : new String[]{OrderSummaries.NAME, SalesDashboard.NAME, StockLevelsView.NAME,
                                        Balances.NAME, Ledger.NAME}) {
            models.put(name, new TreeMap<>());
        }
    }

    /** @return the expected documents of projection {@code name}, by id */
    Map<Object, Map<String, Object>> model(String name) {
        return models.get(name);
    }

    void apply(EventMessage<?> event) {
        Object payload = event.getPayload();
        if (payload instanceof OrderMessages.OrderPlaced e) {
            Map<String, Object> order = doc(OrderSummaries.NAME, e.orderId());
            order.put("status", "PLACED");
            order.put("wallet", e.walletId());
            order.put("sku", e.sku());
            order.put("quantity", (long) e.quantity());
            order.put("amount", e.amount());
            inc(SalesDashboard.NAME, SalesDashboard.TOTALS, "placed", 1);
        } else if (payload instanceof OrderMessages.OrderConfirmed e) {
            doc(OrderSummaries.NAME, e.orderId()).put("status", "CONFIRMED");
            inc(SalesDashboard.NAME, SalesDashboard.TOTALS, "confirmed", 1);
            inc(SalesDashboard.NAME, SalesDashboard.TOTALS, "revenue", e.amount());
            inc(SalesDashboard.NAME, "sku:" + e.sku(), "units", e.quantity());
            inc(SalesDashboard.NAME, "sku:" + e.sku(), "revenue", e.amount());
        } else if (payload instanceof OrderMessages.OrderCancelled e) {
            doc(OrderSummaries.NAME, e.orderId()).put("status", "CANCELLED");
            doc(OrderSummaries.NAME, e.orderId()).put("reason", e.reason());
            inc(SalesDashboard.NAME, SalesDashboard.TOTALS, "cancelled", 1);
        } else if (payload instanceof OrderMessages.SkuStocked e) {
            inc(StockLevelsView.NAME, e.sku(), "available", e.units());
        } else if (payload instanceof OrderMessages.StockReserved e) {
            inc(StockLevelsView.NAME, e.sku(), "available", -e.quantity());
            inc(StockLevelsView.NAME, e.sku(), "reserved", e.quantity());
        } else if (payload instanceof OrderMessages.StockReleased e) {
            inc(StockLevelsView.NAME, e.sku(), "reserved", -e.quantity());
            inc(StockLevelsView.NAME, e.sku(), "available", e.quantity());
        } else if (payload instanceof OrderMessages.StockSold e) {
            inc(StockLevelsView.NAME, e.sku(), "reserved", -e.quantity());
            inc(StockLevelsView.NAME, e.sku(), "sold", e.quantity());
        } else if (payload instanceof BankMessages.AccountOpened e) {
            inc(Balances.NAME, e.accountId(), "balance", e.balance());
        } else if (payload instanceof BankMessages.MoneyDebited e) {
            inc(Balances.NAME, e.accountId(), "balance", -e.amount());
            ledger(e.transferId(), e.accountId(), e.to(), e.amount());
        } else if (payload instanceof BankMessages.MoneyCredited e) {
            inc(Balances.NAME, e.accountId(), "balance", e.amount());
            ledger(e.transferId(), e.from(), e.accountId(), e.amount());
        }
    }

    private void ledger(String transferId, String from, String to, long amount) {
        Map<String, Object> entry = doc(Ledger.NAME, transferId);
        entry.put("from", from);
        entry.put("to", to);
        entry.put("amount", amount);
        inc(Ledger.NAME, transferId, "sides", 1);
    }

    private Map<String, Object> doc(String model, Object id) {
        return models.get(model).computeIfAbsent(id, key -> new TreeMap<>());
    }

    private void inc(String model, Object id, String field, long amount) {
        doc(model, id).merge(field, amount, (a, b) -> (Long) a + (Long) b);
    }
}
