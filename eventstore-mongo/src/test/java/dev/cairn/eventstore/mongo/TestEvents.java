package dev.cairn.eventstore.mongo;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Events and helpers shared by the engine's tests.
 */
final class TestEvents {

    static final String ACCOUNT = "Account";

    record AccountOpened(String accountId, String owner) {
    }

    record MoneyDeposited(String accountId, BigDecimal amount, Instant bookedAt) {
    }

    record AuditNote(String text) {
    }

    private TestEvents() {
    }

    static DomainEventMessage<?> deposited(String accountId, long sequence) {
        return event(accountId, sequence, new MoneyDeposited(accountId, new BigDecimal("10.50"),
                                                              Instant.parse("2026-01-02T03:04:05.123456789Z")));
    }

    static DomainEventMessage<?> event(String aggregateId, long sequence, Object payload) {
        return new GenericDomainEventMessage<>(ACCOUNT, aggregateId, sequence, payload,
                                               MetaData.with("traceId", "t-" + aggregateId + "-" + sequence));
    }

    static List<DomainEventMessage<?>> deposits(String accountId, long firstSequence, int count) {
        List<DomainEventMessage<?>> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(deposited(accountId, firstSequence + i));
        }
        return events;
    }

    static EventMessage<?> plainEvent(String text) {
        return GenericEventMessage.asEventMessage(new AuditNote(text));
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }
}
