package org.monsoon.connect;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The connectors' HTTP: a GET with the source's {@code Authorization} header, redirects followed, and
 * the body read up to a bound, so that no source can make a connector hold more than that in memory.
 */
final class SourceHttp {
    /** A response whose body was read. */
    record Response(int status, HttpHeaders headers, byte[] body) {}

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(20))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    private final Optional<String> authorization;

    SourceHttp(Optional<String> authorization) {
        this.authorization = authorization;
    }

    /** GETs {@code uri} accepting {@code accept}; a body past {@code maxBytes} is an error. */
    Response get(URI uri, String accept, int maxBytes) throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Accept", accept);
        authorization.ifPresent(value -> request.header("Authorization", value));
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            byte[] bytes = body.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new IOException(uri + ": larger than " + maxBytes + " bytes");
            }
            return new Response(response.statusCode(), response.headers(), bytes);
        }
    }
}
