package com.example.boot.shop;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A Spring Boot application of the tests: its package is the default allow-list of stored types. */
@SpringBootApplication
public class ShopApplication {
}
