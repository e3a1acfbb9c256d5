package com.example.shop;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The orders sample on Spring Boot: Axon's annotations for the domain, Cairn's starter for storage, health and
 * meters. Run with {@code mvn spring-boot:run} (the embedded server; set {@code cairn.mongo.uri} for a MongoDB).
 */
@SpringBootApplication
public class ShopApplication {

    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }
}
