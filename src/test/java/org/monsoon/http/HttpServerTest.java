package org.monsoon.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.monsoon.testing.InMemoryRegistry;

/**
 * Slow and half-sent requests cannot starve the server: with 16 connections stuck mid-headers and 16
 * stuck mid-body, a probe still gets its answer within a second, and oversized bodies are refused.
 */
class HttpServerTest {
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private HttpResponse<String> get(String url) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(1))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<Socket> halfSent(int port, int count, String partial) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket("127.0.0.1", port);
            OutputStream out = socket.getOutputStream();
            out.write(partial.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            sockets.add(socket);
        }
        return sockets;
    }

    @Test
    void halfSentRequestsDoNotStarveAProbe() throws Exception {
        try (HttpServer server = HttpServer.start("test-http", "127.0.0.1", 0)) {
            server.mount("/health/live", call -> call.respond(200, "application/json", "{\"status\":\"UP\"}"));
            server.mount("/upload", call -> call.respond(200, "text/plain", call.body(1024).length + " bytes"));
            int port = server.address().getPort();
            assertEquals(200, get(server.url() + "/health/live").statusCode()); // warm
            List<Socket> stuck =
                    new ArrayList<>(halfSent(port, 16, "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "));
            stuck.addAll(halfSent(
                    port, 16, "POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\nonly-a-bit"));
            try {
                Thread.sleep(200); // let the server take all of them up
                HttpResponse<String> probe = get(server.url() + "/health/live"); // fails if not within 1 s
                assertEquals(200, probe.statusCode());
            } finally {
                for (Socket s : stuck) {
                    s.close();
                }
            }
            HttpResponse<String> tooLarge = client.send(
                    HttpRequest.newBuilder(URI.create(server.url() + "/upload"))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[4096]))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(413, tooLarge.statusCode(), tooLarge.body());
        }
    }

    @Test
    void theRegistryAnswersWhileWritesHangHalfSent() throws Exception {
        try (InMemoryRegistry registry = new InMemoryRegistry()) {
            int port = URI.create(registry.url()).getPort();
            String auth = "Basic "
                    + Base64.getEncoder().encodeToString(registry.userInfo().getBytes(StandardCharsets.UTF_8));
            assertEquals(200, get(registry.url() + "/subjects").statusCode());
            List<Socket> stuck = new ArrayList<>(halfSent(port, 16, "GET /subjects HTTP/1.1\r\nHost: x\r\n"));
            stuck.addAll(halfSent(
                    port,
                    16,
                    "POST /subjects/s-value/versions HTTP/1.1\r\nHost: x\r\nAuthorization: " + auth
                            + "\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"schema\":"));
            try {
                Thread.sleep(200);
                HttpResponse<String> read = get(registry.url() + "/subjects");
                assertEquals(200, read.statusCode());
                assertTrue(read.body().startsWith("["), read.body());
            } finally {
                for (Socket s : stuck) {
                    s.close();
                }
            }
        }
    }
}
