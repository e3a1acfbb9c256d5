package dev.cairn.projections.internal.readmodel;

import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CoalescedTest {

    @Test
    void incrementsAddUpSetsKeepTheLastValueAndPushesAppendInOrder() {
        // given three updates of one document
        List<BsonDocument> updates = List.of(
                BsonDocument.parse("{$inc: {total: 5, count: 1}, $set: {status: 'open', 'm.a': 1}}"),
                BsonDocument.parse("{$inc: {total: 7, count: 1}, $set: {status: 'paid', 'm.b': 2},"
                                           + " $push: {log: 'x'}}"),
                BsonDocument.parse("{$push: {log: {$each: ['y', 'z']}}, $setOnInsert: {created: 1}}"));

        // when
        BsonDocument merged = Coalesced.merge(updates).orElseThrow();

        // then
        assertThat(merged).isEqualTo(BsonDocument.parse(
                "{$set: {status: 'paid', 'm.a': 1, 'm.b': 2}, $inc: {total: 12, count: 2},"
                        + " $push: {log: {$each: ['x', 'y', 'z']}}, $setOnInsert: {created: 1}}"));
    }

    @Test
    void updatesWhoseOrderMattersAreNotMerged() {
        assertThat(Coalesced.merge(List.of(BsonDocument.parse("{$set: {total: 1}}"),
                                           BsonDocument.parse("{$inc: {total: 1}}")))).isEmpty();
        assertThat(Coalesced.merge(List.of(BsonDocument.parse("{$set: {a: {b: 1}}}"),
                                           BsonDocument.parse("{$set: {'a.c': 1}}")))).isEmpty();
        assertThat(Coalesced.merge(List.of(BsonDocument.parse("{$max: {top: 3}}"),
                                           BsonDocument.parse("{$inc: {n: 1}}")))).isEmpty();
        assertThat(Coalesced.merge(List.of(BsonDocument.parse("{$push: {log: {$each: [1], $slice: -5}}}"),
                                           BsonDocument.parse("{$inc: {n: 1}}")))).isEmpty();
    }

    @Test
    void numberTypesFollowMongoDbsIncrementRules() {
        BsonDocument ints = Coalesced.merge(List.of(BsonDocument.parse("{$inc: {n: 1}}"),
                                                    BsonDocument.parse("{$inc: {n: 2}}"))).orElseThrow();
        BsonDocument mixed = Coalesced.merge(List.of(BsonDocument.parse("{$inc: {n: 1}}"),
                                                     BsonDocument.parse("{$inc: {n: {$numberLong: '2'}}}")))
                                      .orElseThrow();
        BsonDocument decimals = Coalesced.merge(List.of(BsonDocument.parse("{$inc: {n: {$numberDecimal: '0.10'}}}"),
                                                        BsonDocument.parse("{$inc: {n: {$numberDecimal: '0.20'}}}")))
                                         .orElseThrow();

        assertThat(ints.getDocument("$inc").get("n").isInt32()).isTrue();
        assertThat(mixed.getDocument("$inc").get("n").isInt64()).isTrue();
        assertThat(decimals.getDocument("$inc").getDecimal128("n").getValue().bigDecimalValue()).isEqualByComparingTo("0.30");
    }
}
