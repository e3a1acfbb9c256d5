package dev.cairn.projections.internal.readmodel;

import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNumber;
import org.bson.BsonValue;
import org.bson.types.Decimal128;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Several updates of one document in one batch, merged into a single update with the same effect when that is
 * certain: {@code $inc} amounts add up, {@code $set}/{@code $unset} keep the last value per field, {@code $push} with
 * {@code $each} appends in order, {@code $setOnInsert} keeps the first; every event marker is set. Anything else (other
 * operators, two operators on one field or on a field and its parent) is not merged: the updates then go one by one.
 */
final class Coalesced {

    private final Map<String, BsonValue> lastWins = new LinkedHashMap<>();   // path -> value, or null for $unset
    private final Map<String, BsonNumber> increments = new LinkedHashMap<>();
    private final Map<String, List<BsonValue>> pushes = new LinkedHashMap<>();
    private final Map<String, BsonValue> onInsert = new LinkedHashMap<>();

    /**
     * @return the single update equal to applying {@code updates} in order, when certain
     */
    static Optional<BsonDocument> merge(List<BsonDocument> updates) {
        Coalesced merged = new Coalesced();
        for (BsonDocument update : updates) {
            if (!merged.add(update)) {
                return Optional.empty();
            }
        }
        return merged.conflictFree() ? Optional.of(merged.toDocument()) : Optional.empty();
    }

    private boolean add(BsonDocument update) {
        for (Map.Entry<String, BsonValue> operator : update.entrySet()) {
            if (!operator.getValue().isDocument()) {
                return false;
            }
            BsonDocument fields = operator.getValue().asDocument();
            for (Map.Entry<String, BsonValue> field : fields.entrySet()) {
                String path = field.getKey();
                BsonValue value = field.getValue();
                switch (operator.getKey()) {
                    case "$set" -> lastWins.put(path, value);
                    case "$unset" -> lastWins.put(path, null);
                    case "$inc" -> {
                        if (!value.isNumber()) {
                            return false;
                        }
                        BsonNumber sum = increments.get(path);
                        increments.put(path, sum == null ? value.asNumber() : add(sum, value.asNumber()));
                    }
                    case "$push" -> {
                        List<BsonValue> values = pushes.computeIfAbsent(path, p -> new ArrayList<>());
                        if (value.isDocument() && value.asDocument().containsKey("$each")) {
                            if (value.asDocument().size() != 1) {
                                return false; // $slice, $sort, $position: order-dependent
                            }
                            values.addAll(value.asDocument().getArray("$each"));
                        } else {
                            values.add(value);
                        }
                    }
                    case "$setOnInsert" -> onInsert.putIfAbsent(path, value);
                    default -> {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** No field is written by two kinds of operator, and no field is written together with its parent. */
    private boolean conflictFree() {
        List<String> paths = new ArrayList<>();
        paths.addAll(lastWins.keySet());
        paths.addAll(increments.keySet());
        paths.addAll(pushes.keySet());
        paths.addAll(onInsert.keySet());
        for (int i = 0; i < paths.size(); i++) {
            for (int j = i + 1; j < paths.size(); j++) {
                String a = paths.get(i);
                String b = paths.get(j);
                if (a.equals(b) || a.startsWith(b + ".") || b.startsWith(a + ".")) {
                    return false;
                }
            }
        }
        return true;
    }

    private BsonDocument toDocument() {
        BsonDocument update = new BsonDocument();
        BsonDocument set = new BsonDocument();
        BsonDocument unset = new BsonDocument();
        lastWins.forEach((path, value) -> {
            if (value == null) {
                unset.put(path, new BsonInt32(1));
            } else {
                set.put(path, value);
            }
        });
        put(update, "$set", set);
        put(update, "$unset", unset);
        BsonDocument inc = new BsonDocument();
        increments.forEach(inc::put);
        put(update, "$inc", inc);
        BsonDocument push = new BsonDocument();
        pushes.forEach((path, values) -> push.put(path, new BsonDocument("$each", new org.bson.BsonArray(values))));
        put(update, "$push", push);
        BsonDocument insert = new BsonDocument();
        onInsert.forEach(insert::put);
        put(update, "$setOnInsert", insert);
        return update;
    }

    private static void put(BsonDocument update, String operator, BsonDocument fields) {
        if (!fields.isEmpty()) {
            update.put(operator, fields);
        }
    }

    private static BsonNumber add(BsonNumber a, BsonNumber b) {
        if (a instanceof BsonDecimal128 || b instanceof BsonDecimal128) {
            BigDecimal sum = a.decimal128Value().bigDecimalValue().add(b.decimal128Value().bigDecimalValue());
            return new BsonDecimal128(new Decimal128(sum));
        }
        if (a instanceof BsonDouble || b instanceof BsonDouble) {
            return new BsonDouble(a.doubleValue() + b.doubleValue());
        }
        long sum = Math.addExact(a.longValue(), b.longValue());
        // MongoDB keeps an int32 field int32 while the sum fits
        return a instanceof BsonInt32 && b instanceof BsonInt32 && sum == (int) sum
                ? new BsonInt32((int) sum) : new BsonInt64(sum);
    }
}
