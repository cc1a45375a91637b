package org.monsoon.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.monsoon.advisory.AdvisoryFeed;
import org.monsoon.config.Topics;
import org.monsoon.http.HttpServer;
import org.monsoon.stix.StixExporter;
import org.monsoon.taxii.TaxiiCollections;
import org.monsoon.taxii.TaxiiHandler;

/**
 * Monsoon's HTTP endpoints: {@code /metrics} (Prometheus text), {@code /health/live},
 * {@code /health/ready} (ready when Kafka Streams is RUNNING and the brokers and the schema registry
 * answer; 503 with the reasons otherwise), the analysts' {@code /api}, the TAXII 2.1 server under
 * {@code /taxii2/} and the dashboard at {@code /}.
 *
 * <p>They run on Monsoon's Jetty-based {@link HttpServer} (idle timeouts, capped headers, a thread pool
 * that half-sent requests cannot exhaust), bound before Kafka Streams starts so that its real port can
 * be advertised as {@code application.server}.
 */
public final class HttpApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final HostInfo advertised;
    private AdvisoryFeed feed;

    private HttpApi(HttpServer server, HostInfo advertised) {
        this.server = server;
        this.advertised = advertised;
    }

    /** Binds host:port (0 for a free port); {@code advertisedHost} is how other instances reach it. */
    public static HttpApi bind(String host, int port, String advertisedHost) throws IOException {
        HttpServer server = HttpServer.start("monsoon-http", host, port);
        return new HttpApi(server, new HostInfo(advertisedHost, server.address().getPort()));
    }

    /** The {@code application.server} of this instance. */
    public HostInfo advertised() {
        return advertised;
    }

    /**
     * Mounts every endpoint. With an API token, {@code /metrics} requires it too (Prometheus sends it
     * with {@code authorization.credentials_file}); the health probes stay open.
     *
     * @param allowedHosts names the Host header may carry besides this server's own (see {@link HttpGuard})
     */
    public HttpApi start(
            PrometheusMeterRegistry registry,
            Readiness readiness,
            KafkaStreams streams,
            StixExporter stix,
            Map<String, Object> clientConfig,
            Topics topics,
            String apiToken,
            List<String> allowedHosts) {
        TaxiiCollections taxii = new TaxiiCollections(stix);
        AdvisoryHistory history = new AdvisoryHistory();
        MispFeedIndex mispFeed = new MispFeedIndex(new org.monsoon.misp.MispExporter(stix.regionName()));
        feed = new AdvisoryFeed(
                clientConfig, topics.advisoryHistory(), List.of(taxii, (a, added) -> history.accept(a), mispFeed));
        Peers peers = new Peers(apiToken);
        ApiToken token = new ApiToken(apiToken);
        HttpGuard guard = new HttpGuard(hostsAllowed(allowedHosts), token.required());
        server.mount("/metrics", guard.around(call -> {
            if (!token.admits(call.header("Authorization"))) {
                call.setHeader("WWW-Authenticate", "Bearer realm=\"monsoon\"");
                call.respond(401, "application/json", "{\"error\":\"/metrics requires the API token\"}");
                return;
            }
            call.respond(
                    200,
                    "text/plain; version=0.0.4; charset=utf-8",
                    org.monsoon.metrics.ScrapeText.withoutNaN(registry.scrape()));
        }));
        server.mount(
                "/health/live", guard.around(call -> call.respond(200, "application/json", "{\"status\":\"UP\"}")));
        server.mount("/health/ready", guard.around(call -> {
            Map<String, String> status = readiness.check();
            boolean ready = Readiness.ready(status);
            ObjectNode body = JSON.createObjectNode().put("status", ready ? "UP" : "DOWN");
            body.set("checks", JSON.valueToTree(status));
            call.respond(ready ? 200 : 503, "application/json", body.toString());
        }));
        MemberStats stats = new MemberStats(streams, advertised, peers);
        server.mount(
                "/api/",
                guard.around(new ApiHandler(
                        new AdvisoryQueries(streams, advertised, peers),
                        new IndicatorQueries(streams, advertised, peers),
                        stats,
                        history,
                        stix,
                        apiToken)));
        server.mount("/taxii2/", guard.around(new TaxiiHandler(taxii, token::admits, stix.regionName())));
        server.mount("/misp/", guard.around(new MispFeedHandler(mispFeed, token::admits)));
        server.mount("/", guard.around(new DashboardHandler()));
        return this;
    }

    /** This server's own names (bind address unless a wildcard, advertised host, loopback) and the extras. */
    private Set<String> hostsAllowed(List<String> extras) {
        Set<String> hosts = new HashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        InetSocketAddress bound = server.address();
        if (!bound.isUnresolved() && !bound.getAddress().isAnyLocalAddress()) {
            hosts.add(bound.getHostString());
        }
        hosts.add(advertised.host());
        hosts.addAll(extras);
        return hosts;
    }

    public String url() {
        InetSocketAddress a = server.address();
        return "http://" + a.getHostString() + ":" + a.getPort();
    }

    @Override
    public void close() {
        server.close();
        if (feed != null) {
            feed.close();
        }
    }
}
