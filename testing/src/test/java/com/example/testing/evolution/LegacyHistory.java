package com.example.testing.evolution;

import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes events as an older version of the application stored them: old type names, old revisions, old fields,
 * through the real engine, so the documents are exactly what Cairn stored then.
 */
final class LegacyHistory {

    /**
     * One old event.
     */
    record Old(String type, String revision, Map<String, Object> fields) {
    }

    private LegacyHistory() {
    }

    static void append(MongoDatabase database, String aggregateType, String aggregateId, List<Old> events) {
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder()
                                                                .database(database)
                                                                .eventSerializer(new OldTypeSerializer())
                                                                .build();
        List<DomainEventMessage<?>> messages = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            messages.add(new GenericDomainEventMessage<>(aggregateType, aggregateId, i, events.get(i)));
        }
        engine.appendEvents(messages);
    }

    /**
     * Stores an {@link Old} under its own type name and revision.
     */
    private static final class OldTypeSerializer extends JacksonSerializer {

        OldTypeSerializer() {
            super(JacksonSerializer.builder());
        }

        @Override
        public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
            if (object instanceof Old old) {
                T data = super.serialize(old.fields(), expectedRepresentation).getData();
                return new SimpleSerializedObject<>(data, expectedRepresentation,
                                                    new SimpleSerializedType(old.type(), old.revision()));
            }
            return super.serialize(object, expectedRepresentation);
        }
    }
}
