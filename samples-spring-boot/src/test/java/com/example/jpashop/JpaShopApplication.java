package com.example.jpashop;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.util.Map;

/**
 * The orders sample's twin on plain Axon: Axon's starter with Spring Data JPA on an in-memory H2 database (events,
 * tokens and summaries in JPA), no Cairn. It exists only to be started by {@code com.example.startup.StartupRatio}
 * from a class path without Cairn; its package lies outside {@code com.example.shop} so the sample never scans it.
 */
@SpringBootApplication
public class JpaShopApplication {

    /** Its settings, here rather than in a properties file that would meet the sample's on a class path. */
    static final Map<String, Object> PROPERTIES = Map.of(
            "spring.application.name", "jpashop",
            "spring.datasource.url", "jdbc:h2:mem:jpashop;DB_CLOSE_DELAY=-1",
            "spring.jpa.hibernate.ddl-auto", "create-drop",
            "spring.jpa.open-in-view", "false",
            // as the Cairn sample does by default: no Axon Server
            "axon.axonserver.enabled", "false",
            // XStream, Axon's default, does not serialize records
            "axon.serializer.general", "jackson",
            "management.endpoints.web.exposure.include", "health,metrics");

    public static void main(String[] args) {
        new SpringApplicationBuilder(JpaShopApplication.class).properties(PROPERTIES).run(args);
    }
}
