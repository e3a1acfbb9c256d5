package dev.cairn.spring.boot;

import com.example.boot.stray.StrayEvent;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stored type outside the allow-list of a Spring Boot application is refused with a warning naming the property
 * that admits it.
 */
@ExtendWith({EmbeddedMongoExtension.class, OutputCaptureExtension.class})
class CairnAllowedTypesBootTest {

    @Test
    void aRefusedStoredTypeNamesThePropertyThatAdmitsIt(MongoTarget target, CapturedOutput output) {
        // given: an event of a package the first application allowed through the property
        String database = "stray_" + UUID.randomUUID().toString().substring(0, 8);
        CairnContexts.shop(target).withPropertyValues("cairn.mongo.database=" + database,
                                                      "cairn.allowed-packages=com.example.boot.stray")
                     .run(context -> context.getBean(EventStore.class).publish(
                             new GenericDomainEventMessage<>("Stray", "stray-1", 0, new StrayEvent("left behind"))));

        // when: an application without the property reads it
        CairnContexts.shop(target).withPropertyValues("cairn.mongo.database=" + database).run(context -> {
            Object payload = context.getBean(MongoEventStorageEngine.class).readEvents("stray-1").asStream()
                                    .findFirst().orElseThrow().getPayload();

            // then: it is not instantiated, and the warning names the type and the property
            assertThat(payload).isNotInstanceOf(StrayEvent.class);
        });
        assertThat(output.getAll()).contains("[" + StrayEvent.class.getName() + "]")
                                   .contains("cairn.allowed-packages");
    }
}
