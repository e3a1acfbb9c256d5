package dev.cairn.samples.demo;

import dev.cairn.aggregates.CairnApplication;
import dev.cairn.projections.CairnProjections;
import com.example.samples.bank.Account;
import com.example.samples.bank.BankMessages;
import com.example.samples.orders.Inventory;
import com.example.samples.orders.OrderMessages;
import com.example.samples.orders.OrderSaga;
import com.example.samples.orders.OrderSummaries;
import com.example.samples.orders.Wallet;
import dev.cairn.sagas.CairnSagas;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The demo's invariants, checked against the aggregates (loaded as commands load them), the stored events and the read
 * models. Facts gathered from the events by {@link #apply}.
 */
final class DemoChecks {

    private final Map<String, Long> stocked = new HashMap<>();
    private final Set<String> soldOrders = new HashSet<>();
    private final Map<String, Integer> debits = new HashMap<>();
    private final Map<String, Integer> credits = new HashMap<>();
    private final Set<String> accounts = new HashSet<>();
    private long openingBalances;
    private long compensations;
    private long events;

    void apply(EventMessage<?> event) {
        events++;
        Object payload = event.getPayload();
        if (payload instanceof OrderMessages.SkuStocked e) {
            stocked.merge(e.sku(), (long) e.units(), Long::sum);
        } else if (payload instanceof OrderMessages.StockSold e) {
            soldOrders.add(e.orderId());
        } else if (payload instanceof OrderMessages.StockReleased || payload instanceof OrderMessages.PaymentRefunded
                || payload instanceof OrderMessages.PaymentVoided) {
            compensations++;
        } else if (payload instanceof BankMessages.AccountOpened e) {
            accounts.add(e.accountId());
            openingBalances += e.balance();
        } else if (payload instanceof BankMessages.MoneyDebited e) {
            debits.merge(e.transferId(), 1, Integer::sum);
        } else if (payload instanceof BankMessages.MoneyCredited e) {
            credits.merge(e.transferId(), 1, Integer::sum);
        }
    }

    long events() {
        return events;
    }

    long compensations() {
        return compensations;
    }

    long transfersApplied(String run) {
        return debits.keySet().stream().filter(id -> id.startsWith(run + "-")).count();
    }

    List<DemoReport.Invariant> check(CairnApplication app, CairnSagas sagas, CairnProjections projections,
                                     ExpectedReadModels expected) {
        List<DemoReport.Invariant> results = new ArrayList<>();
        results.add(stockAccountedFor(app));
        Map<Object, Map<String, Object>> orders = expected.model(OrderSummaries.NAME);
        results.add(check("every order confirmed or cancelled", orders.entrySet().stream()
                .filter(order -> "PLACED".equals(order.getValue().get("status"))).map(Map.Entry::getKey)
                .findFirst().map(id -> "order " + id + " is still placed").orElse(null)));
        results.add(check("cancelled orders: stock released, wallet not charged", orders.entrySet().stream()
                .filter(order -> "CANCELLED".equals(order.getValue().get("status")))
                .map(order -> cancelledProblem(app, (String) order.getKey(), order.getValue()))
                .filter(problem -> problem != null).findFirst().orElse(null)));
        results.add(check("confirmed orders: charged once, stock sold", orders.entrySet().stream()
                .filter(order -> "CONFIRMED".equals(order.getValue().get("status")))
                .map(order -> confirmedProblem(app, (String) order.getKey(), order.getValue()))
                .filter(problem -> problem != null).findFirst().orElse(null)));
        long live = sagas.liveSagas(OrderSaga.class);
        results.add(check("no active saga left", live == 0 ? null : live + " order sagas still live"));
        results.add(moneyConserved(app));
        results.add(check("each transfer applied at most once, both sides", debits.entrySet().stream()
                .filter(debit -> debit.getValue() != 1 || credits.getOrDefault(debit.getKey(), 0) != 1)
                .map(debit -> "transfer " + debit.getKey() + ": " + debit.getValue() + " debits, "
                        + credits.getOrDefault(debit.getKey(), 0) + " credits").findFirst().orElse(null)));
        for (String name : projections.names()) {
            var readModel = projections.readModel(name);
            String difference = ReadModelCheck.difference(readModel.collection(readModel.collectionNames().get(0)),
                                                          expected.model(name));
            results.add(check("read model " + name + " equals the events", difference));
        }
        return results;
    }

    private DemoReport.Invariant stockAccountedFor(CairnApplication app) {
        for (Map.Entry<String, Long> sku : stocked.entrySet()) {
            Inventory.StockLevels levels = load(app, Inventory.class, sku.getKey(), Inventory::levels);
            if (levels.total() != sku.getValue() || levels.reserved() != 0) {
                return check("every unit of stock available, reserved or sold", "SKU " + sku.getKey() + ": "
                        + levels + " of " + sku.getValue() + " stocked");
            }
        }
        return check("every unit of stock available, reserved or sold", null);
    }

    private String cancelledProblem(CairnApplication app, String orderId, Map<String, Object> order) {
        String sku = (String) order.get("sku");
        if (load(app, Inventory.class, sku, inventory -> inventory.reservedFor(orderId)) || soldOrders.contains(orderId)) {
            return "order " + orderId + " cancelled but its stock of " + sku + " is still held";
        }
        long charged = load(app, Wallet.class, (String) order.get("wallet"), wallet -> wallet.chargedFor(orderId));
        return charged == 0 ? null : "order " + orderId + " cancelled but its wallet is charged " + charged;
    }

    private String confirmedProblem(CairnApplication app, String orderId, Map<String, Object> order) {
        long charged = load(app, Wallet.class, (String) order.get("wallet"), wallet -> wallet.chargedFor(orderId));
        if (charged != (Long) order.get("amount")) {
            return "order " + orderId + " confirmed, its wallet charged " + charged + " of " + order.get("amount");
        }
        return soldOrders.contains(orderId) ? null : "order " + orderId + " confirmed but its stock was not sold";
    }

    private DemoReport.Invariant moneyConserved(CairnApplication app) {
        long total = accounts.stream().mapToLong(id -> load(app, Account.class, id, Account::balance)).sum();
        return check("bank money neither created nor destroyed", total == openingBalances ? null
                : "accounts hold " + total + ", they were opened with " + openingBalances);
    }

    private static DemoReport.Invariant check(String name, String problem) {
        return new DemoReport.Invariant(name, problem == null, problem == null ? "" : problem);
    }

    /** Loads an aggregate the way a command does, reads from it, and changes nothing. */
    static <T, R> R load(CairnApplication app, Class<T> type, String id, Function<T, R> read) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            return app.configuration().repository(type).load(id).invoke(read);
        } finally {
            unitOfWork.rollback();
        }
    }
}
