package org.monsoon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.monsoon.http.HttpCall;
import org.monsoon.http.QueryString;
import org.monsoon.misp.MispExporter;
import org.monsoon.serde.AvroJson;
import org.monsoon.stix.StixExporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analysts' JSON API under {@code /api}: advisories (list, one, STIX, MISP), indicators, per-member
 * statistics. An advisory is named by its id or any unique prefix of at least eight hex digits of it.
 * Answers are JSON with the Avro field names; errors are {@code {"error": reason}} with 400, 404, 409
 * (an ambiguous prefix, with its {@code candidates}) or 503.
 */
final class ApiHandler implements HttpCall.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ADVISORY = Pattern.compile("/api/advisories/([^/]+)(/stix|/misp)?");
    private static final Pattern HISTORY = Pattern.compile("/api/advisories/([^/]+)/history");
    private static final Pattern INDICATOR = Pattern.compile("/api/indicators/([^/]+)/(.+)");

    private final AdvisoryQueries advisories;
    private final IndicatorQueries indicators;
    private final MemberStats stats;
    private final AdvisoryHistory history;
    private final StixExporter stix;
    private final MispExporter misp;
    private final ApiToken token;

    ApiHandler(
            AdvisoryQueries advisories,
            IndicatorQueries indicators,
            MemberStats stats,
            AdvisoryHistory history,
            StixExporter stix,
            String apiToken) {
        this.history = history;
        this.token = new ApiToken(apiToken);
        this.advisories = advisories;
        this.indicators = indicators;
        this.stats = stats;
        this.stix = stix;
        this.misp = new MispExporter(stix.regionName());
    }

    @Override
    public void handle(HttpCall exchange) throws IOException {
        try {
            if (!exchange.method().equals("GET")) {
                throw new ApiException(405, "only GET is supported");
            }
            authorize(exchange.header("Authorization"));
            respond(exchange, 200, route(exchange.rawPath(), query(exchange.rawQuery())));
        } catch (ApiException e) {
            var body = JSON.createObjectNode().put("error", e.getMessage());
            if (!e.candidates().isEmpty()) {
                e.candidates().forEach(body.putArray("candidates")::add);
            }
            respond(exchange, e.status(), body);
        } catch (org.apache.kafka.streams.errors.InvalidStateStoreException e) {
            // Stores can move away between the state check and the read (a rebalance): retry later.
            respond(
                    exchange,
                    503,
                    JSON.createObjectNode().put("error", "stores are not queryable now: " + e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("API request {} failed", exchange.rawPath(), e);
            respond(exchange, 500, JSON.createObjectNode().put("error", "internal error"));
        }
    }

    private JsonNode route(String path, Map<String, String> query) {
        boolean local = "true".equals(query.get("local"));
        if (path.equals("/api/advisories")) {
            return advisories.list(AdvisoryFilter.parse(query, local), local);
        }
        Matcher m = HISTORY.matcher(path);
        if (m.matches()) {
            String id = advisories.resolve(decode(m.group(1)), local);
            JsonNode versions = history.of(id);
            if (versions == null) {
                throw ApiException.notFound("no history of advisory " + id + " on this instance yet");
            }
            return versions;
        }
        m = ADVISORY.matcher(path);
        if (m.matches()) {
            String id = decode(m.group(1));
            String suffix = m.group(2) == null ? "" : m.group(2);
            return advisories.byId(
                    id,
                    local,
                    suffix,
                    switch (suffix) {
                        case "/stix" -> stix::bundle;
                        case "/misp" -> misp::event;
                        default -> AvroJson::toJson;
                    });
        }
        m = INDICATOR.matcher(path);
        if (m.matches()) {
            return indicators.lookup(decode(m.group(1)), decode(m.group(2)), local);
        }
        if (path.equals("/api/stats")) {
            return stats.stats(local);
        }
        if (path.equals("/api/stats/history")) {
            return stats.history(local);
        }
        throw ApiException.notFound("no such resource: " + path);
    }

    /** With a token configured, the request must carry it. */
    private void authorize(String header) {
        if (!token.admits(header)) {
            throw new ApiException(401, "a valid 'Authorization: Bearer <token>' header is required");
        }
    }

    /** The parameters; a repeated one takes its last value. */
    static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        try {
            QueryString.parse(raw).forEach((key, values) -> params.put(key, values.get(values.size() - 1)));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        return params;
    }

    private static String decode(String text) {
        try {
            return QueryString.decode(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static void respond(HttpCall exchange, int status, JsonNode body) throws IOException {
        exchange.setHeader("Cache-Control", "no-store");
        if (status == 401) {
            exchange.setHeader("WWW-Authenticate", "Bearer realm=\"monsoon\"");
        }
        exchange.respond(status, "application/json", JSON.writeValueAsBytes(body));
    }
}
