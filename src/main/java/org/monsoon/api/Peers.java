package org.monsoon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Calls another Monsoon instance's API (its {@code application.server}) for the part of the state it
 * owns. Such calls carry {@code local=true}, so the peer answers from its own stores and never routes
 * further.
 */
final class Peers {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final String apiToken;

    Peers(String apiToken) {
        this.apiToken = apiToken;
    }

    /** GET {@code path} (with {@code local=true} added) on {@code host}; the peer's status is kept. */
    JsonNode get(HostInfo host, String pathAndQuery) {
        String separator = pathAndQuery.contains("?") ? "&" : "?";
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery + separator + "local=true");
        try {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
            if (ApiToken.isSet(apiToken)) {
                request.header("Authorization", "Bearer " + apiToken);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200) {
                throw new ApiException(
                        response.statusCode(), body.path("error").asText("peer answered " + response.statusCode()));
            }
            return body;
        } catch (IOException e) {
            throw ApiException.unavailable(
                    "instance " + host.host() + ":" + host.port() + " does not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted");
        }
    }
}
