package dev.cairn.relay;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The test broker starts in this JVM and answers an admin client. */
class TestKafkaTest {

    @Test
    void theBrokerOfTheTestJvmAnswersAnAdminClient() throws Exception {
        // Given the broker of this JVM
        String servers = TestKafka.bootstrapServers();

        // When an admin client asks for its nodes
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers))) {
            // Then it is one broker
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
        }
    }
}
