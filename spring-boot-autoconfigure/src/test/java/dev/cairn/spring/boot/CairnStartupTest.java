package dev.cairn.spring.boot;

import com.example.boot.shop.ShopApplication;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Start-up as a real Spring Boot application (environment post-processors and failure analyzers from
 * {@code spring.factories}), with its console output captured.
 */
@ExtendWith({OutputCaptureExtension.class, EmbeddedMongoExtension.class})
class CairnStartupTest {

    @Test
    void withCairnAndNoAxonServerSettingsNothingTalksToAxonServer(MongoTarget target, CapturedOutput output) {
        // when
        try (ConfigurableApplicationContext context = shop().run(
                "--cairn.mongo.uri=" + target.connectionString(), "--cairn.mongo.database=" + database())) {

            // then: no Axon Server connection, banner or warning, and no Axon Server bean
            assertThat(context.getBeanNamesForType(
                    org.axonframework.axonserver.connector.AxonServerConnectionManager.class)).isEmpty();
            assertThat(context.getEnvironment().getProperty("axon.axonserver.enabled")).isEqualTo("false");
        }
        assertThat(output.getAll()).doesNotContainIgnoringCase("AxonServer").doesNotContainIgnoringCase("Axon Server");
    }

    @Test
    void aMalformedUriIsReportedOnceNamingThePropertyAndMaskingThePassword(CapturedOutput output) {
        // when
        assertThatThrownBy(() -> shop().run("--cairn.mongo.uri=mongodb://shop:s3cret@db1:port/shop"))
                .hasRootCauseInstanceOf(InvalidCairnPropertyException.class);

        // then: Spring Boot's failure report, from Cairn's analyzer, once
        String all = output.getAll();
        assertThat(all).contains("APPLICATION FAILED TO START")
                       .contains("Cairn cannot start: cairn.mongo.uri: [mongodb://shop:****@db1:port/shop]")
                       .doesNotContain("s3cret");
        assertThat(all.split("Cairn cannot start", -1)).hasSize(2);
    }

    private static SpringApplicationBuilder shop() {
        return new SpringApplicationBuilder(ShopApplication.class).web(WebApplicationType.NONE)
                                                                  .properties("spring.main.banner-mode=off");
    }

    private static String database() {
        return "boot_" + UUID.randomUUID().toString().substring(0, 8);
    }
}
