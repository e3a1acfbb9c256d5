package dev.cairn.spring.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Sets {@code axon.axonserver.enabled=false} as the lowest-precedence property source, so that any value the
 * application sets wins: with Cairn the events live in MongoDB, so Axon's starter must neither connect to Axon Server
 * nor build its event store; an application that also uses Axon Server (for commands and queries) sets it to
 * {@code true}.
 */
public class CairnEnvironmentPostProcessor implements EnvironmentPostProcessor {

    /** The name of the property source holding these defaults. */
    public static final String SOURCE = "cairnDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(SOURCE)) {
            return;
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, Map.of(
                "axon.axonserver.enabled", "false")));
    }
}
