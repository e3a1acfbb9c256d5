package com.example.shop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample over real HTTP on the embedded server (or the MongoDB of {@code CAIRN_MONGO_URI}, which Spring Boot
 * binds to {@code cairn.mongo.uri}): place an order, read its summary after the projection caught up, and read
 * Cairn's health (in the readiness group, not in liveness), its {@code cairn} endpoint and meters from the actuator;
 * on Spring Boot 3 and, with {@code -Pboot4}, on Spring Boot 4.
 */
// Boot's probe groups never show their components: groups of the same members that do, to see who is in them
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.endpoint.health.group.readiness.include=readinessState",
        "management.endpoint.health.group.readiness.show-components=always",
        "management.endpoint.health.group.liveness.include=livenessState",
        "management.endpoint.health.group.liveness.show-components=always"})
class ShopApplicationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Test
    void anOrderPlacedOverHttpIsReadBackAndShowsInHealthAndMetrics() throws Exception {
        // given
        String order = "{\"customer\":\"alice\",\"product\":\"pen\",\"quantity\":3}";

        // when
        HttpResponse<String> placed = http.send(HttpRequest.newBuilder(uri("/orders"))
                                                           .header("Content-Type", "application/json")
                                                           .POST(HttpRequest.BodyPublishers.ofString(order)).build(),
                                                HttpResponse.BodyHandlers.ofString());
        String location = placed.headers().firstValue("Location").orElseThrow();
        JsonNode summary = get(location);

        // then: the summary, read after the projection processed the order's event
        assertThat(placed.statusCode()).isEqualTo(201);
        assertThat(summary.get("customer").asText()).isEqualTo("alice");
        assertThat(summary.get("quantity").asInt()).isEqualTo(3);
        // and: health with Cairn's contributor and its projection; readiness includes it, liveness does not
        JsonNode health = get("/actuator/health");
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/cairn/details/projections/orderSummaries/lag").asLong()).isZero();
        JsonNode readiness = get("/actuator/health/readiness");
        assertThat(readiness.get("status").asText()).isEqualTo("UP");
        assertThat(readiness.at("/components/cairn/status").asText()).isEqualTo("UP");
        JsonNode liveness = get("/actuator/health/liveness");
        assertThat(liveness.at("/components/livenessState/status").asText()).isEqualTo("UP");
        assertThat(liveness.at("/components/cairn").isMissingNode()).isTrue();
        // and: the cairn endpoint shows the projection as the command line's status does
        JsonNode projections = get("/actuator/cairn").get("projections");
        assertThat(projections.findValuesAsText("name")).contains("orderSummaries");
        // and: the appended event counted with its aggregate type
        JsonNode appended = get("/actuator/metrics/cairn.events.appended?tag=aggregate:Order");
        assertThat(appended.at("/measurements/0/value").asDouble()).isGreaterThanOrEqualTo(1);
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path)).GET().build(),
                                                  HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
