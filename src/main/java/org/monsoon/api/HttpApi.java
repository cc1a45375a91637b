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

    /**
     * Mounts every endpoint and starts serving. With an API token, {@code /metrics} requires it too
     * (Prometheus sends it with {@code authorization.credentials_file}); the health probes stay open.
     *
     * @param allowedHosts names the Host header may carry besides this server's own (see {@link HttpGuard})
     */
    public HttpApi start(PrometheusMeterRegistry registry, Readiness readiness, KafkaStreams streams,
                         StixExporter stix, String apiToken, java.util.List<String> allowedHosts) {
        Peers peers = new Peers(apiToken);
        ApiToken token = new ApiToken(apiToken);
        HttpGuard guard = new HttpGuard(hostsAllowed(allowedHosts), token.required());
        mount("/metrics", guard, ex -> {
            if (!token.admits(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"monsoon\"");
                respond(ex, 401, "application/json", "{\"error\":\"/metrics requires the API token\"}");
                return;
            }
            respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
        });
        mount("/health/live", guard, ex -> respond(ex, 200, "application/json", "{\"status\":\"UP\"}"));
        mount("/health/ready", guard, ex -> {
            Map<String, String> status = readiness.check();
            boolean ready = Readiness.ready(status);
            ObjectNode body = JSON.createObjectNode().put("status", ready ? "UP" : "DOWN");
            body.set("checks", JSON.valueToTree(status));
            respond(ex, ready ? 200 : 503, "application/json", body.toString());
        });
        mount("/api/", guard, new ApiHandler(new AdvisoryQueries(streams, advertised, peers),
                new IndicatorQueries(streams, advertised, peers), new MemberStats(registry, streams, advertised, peers),
                stix, apiToken));
        mount("/", guard, new DashboardHandler());
        server.start();
        return this;
    }

    private void mount(String path, HttpGuard guard, com.sun.net.httpserver.HttpHandler handler) {
        server.createContext(path, handler).getFilters().add(guard);
    }

    /** This server's own names (bind address unless a wildcard, advertised host, loopback) and the extras. */
    private java.util.Set<String> hostsAllowed(java.util.List<String> extras) {
        java.util.Set<String> hosts = new java.util.HashSet<>(java.util.List.of("localhost", "127.0.0.1", "::1"));
        InetSocketAddress bound = server.getAddress();
        if (!bound.getAddress().isAnyLocalAddress()) {
            hosts.add(bound.getHostString());
        }
        hosts.add(advertised.host());
        hosts.addAll(extras);
        return hosts;
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
