package org.monsoon.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.monsoon.stix.StixExporter;

/**
 * Monsoon's HTTP server: {@code /metrics} (Prometheus text), {@code /health/live},
 * {@code /health/ready} (ready when Kafka Streams is RUNNING and the brokers and the schema registry
 * answer; 503 with the reasons otherwise), the analysts' {@code /api} and the dashboard at {@code /}.
 *
 * <p>The JDK's built-in server is used: the load is analysts' queries, probes and scrapes, a few
 * requests a second, and it keeps the runnable jar free of a web framework. It is bound before Kafka
 * Streams starts so that its real port can be advertised as {@code application.server}.
 */
public final class HttpApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final HostInfo advertised;

    private HttpApi(HttpServer server, ExecutorService executor, HostInfo advertised) {
        this.server = server;
        this.executor = executor;
        this.advertised = advertised;
    }

    /** Binds host:port (0 for a free port); {@code advertisedHost} is how other instances reach it. */
    public static HttpApi bind(String host, int port, String advertisedHost) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "monsoon-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        return new HttpApi(server, executor, new HostInfo(advertisedHost, server.getAddress().getPort()));
    }

    /** The {@code application.server} of this instance. */
    public HostInfo advertised() {
        return advertised;
    }

    /** Mounts every endpoint and starts serving. */
    public HttpApi start(PrometheusMeterRegistry registry, Readiness readiness, KafkaStreams streams,
                         StixExporter stix, String apiToken) {
        Peers peers = new Peers(apiToken);
        server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                registry.scrape()));
        server.createContext("/health/live", ex -> respond(ex, 200, "application/json", "{\"status\":\"UP\"}"));
        server.createContext("/health/ready", ex -> {
            Map<String, String> status = readiness.check();
            boolean ready = Readiness.ready(status);
            ObjectNode body = JSON.createObjectNode().put("status", ready ? "UP" : "DOWN");
            body.set("checks", JSON.valueToTree(status));
            respond(ex, ready ? 200 : 503, "application/json", body.toString());
        });
        server.createContext("/api/", new ApiHandler(new AdvisoryQueries(streams, advertised, peers),
                new IndicatorQueries(streams, advertised, peers), new MemberStats(registry, streams, advertised, peers),
                stix, apiToken));
        server.createContext("/", new DashboardHandler());
        server.start();
        return this;
    }

    public String url() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

}
