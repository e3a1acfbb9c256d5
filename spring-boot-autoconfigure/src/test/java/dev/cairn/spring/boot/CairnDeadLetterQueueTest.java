package dev.cairn.spring.boot;

import com.example.boot.shop.OrderList;
import com.example.boot.shop.ShopMessages.PlaceOrder;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import dev.cairn.projections.MongoSequencedDeadLetterQueue;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A processor whose Axon property {@code axon.eventhandling.processors.<name>.dlq.enabled} is true gets Cairn's Mongo
 * dead-letter queue; others get none.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class CairnDeadLetterQueueTest {

    @Test
    void aProcessorWithDlqEnabledParksAFailingEventInMongo(MongoTarget target) {
        CairnContexts.shop(target).withPropertyValues("axon.eventhandling.processors.orderList.dlq.enabled=true")
                     .run(context -> {
                         // given
                         assertThat(context).hasNotFailed();
                         EventProcessingConfiguration processing = context.getBean(EventProcessingConfiguration.class);
                         assertThat(processing.deadLetterQueue("orderList"))
                                 .containsInstanceOf(MongoSequencedDeadLetterQueue.class);

                         // when: an event the handler cannot process
                         context.getBean(CommandGateway.class)
                                .sendAndWait(new PlaceOrder("order-poisoned", OrderList.POISON));

                         // then: it is parked in MongoDB under the processing group, with its cause
                         await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                             Document letter = context.getBean(CairnMongo.class).database()
                                                      .getCollection("cairn_dead_letters")
                                                      .find(new Document("processingGroup", "orderList")).first();
                             assertThat(letter).isNotNull();
                             assertThat(letter.toJson()).contains("order-poisoned");
                         });
                     });
    }

    @Test
    void aProcessorWithoutTheDlqPropertyHasNoQueue(MongoTarget target) {
        CairnContexts.shop(target).run(context -> {
            // when
            EventProcessingConfiguration processing = context.getBean(EventProcessingConfiguration.class);

            // then
            assertThat(processing.deadLetterQueue("orderList")).isEmpty();
        });
    }
}
