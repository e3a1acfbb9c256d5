package dev.cairn.eventstore.mongo.internal;

import dev.cairn.eventstore.mongo.CairnSerializers;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class UnreadableSnapshotsTest {

    record Tally(String id, int count) {
    }

    private final Serializer serializer = CairnSerializers.defaultSerializer();

    @Test
    void theReasonNamesTheFieldThatCannotBeRead() {
        // given a snapshot payload whose field changed type
        Throwable failure = catchThrowable(() -> serializer.deserialize(new SimpleSerializedObject<>(
                "{\"id\":\"t-1\",\"count\":{\"unexpected\":\"shape\"}}", String.class, Tally.class.getName(), null)));

        // when
        String reason = UnreadableSnapshots.reason(failure);

        // then
        assertThat(reason).startsWith("field 'count' cannot be read: ").contains("int");
    }

    @Test
    void aReadableSnapshotIsUsableAndAnUnreadableOneIsCountedEachTime() {
        UnreadableSnapshots unreadable = new UnreadableSnapshots();
        DomainEventMessage<?> readable = new GenericDomainEventMessage<>("Tally", "t-1", 3, new Tally("t-1", 3));
        DomainEventMessage<?> broken = new GenericDomainEventMessage<Object>("Tally", "t-2", 3, "placeholder") {
            @Override
            public Object getPayload() {
                throw new IllegalStateException("cannot deserialize");
            }
        };

        assertThat(unreadable.usable(readable)).isTrue();
        assertThat(unreadable.usable(broken)).isFalse();
        assertThat(unreadable.usable(broken)).isFalse();
        assertThat(unreadable.ignoredCount()).isEqualTo(2);
    }
}
