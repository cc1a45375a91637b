package org.monsoon.api;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.monsoon.http.HttpCall;

/**
 * What every answer of the HTTP server goes through: a Host-header allow-list, so that a web page
 * cannot reach a local instance under a rebound DNS name (DNS rebinding reads an open API from the
 * analyst's own browser), and security headers that keep the dashboard out of frames and stop browsers
 * from guessing content types. The health probes are exempt from the Host check: orchestrators probe
 * by pod address, and they answer nothing an advisory holds. So is {@code /metrics} when it requires the
 * API token (scrapers address pods by IP; a rebinding page cannot know the token).
 */
final class HttpGuard {
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    private final Set<String> allowedHosts;
    private final boolean anyHost;
    private final boolean metricsNeedToken;

    /**
     * @param allowedHosts host names or addresses (no port); {@code *} allows any
     * @param metricsNeedToken whether {@code /metrics} requires the API token
     */
    HttpGuard(Collection<String> allowedHosts, boolean metricsNeedToken) {
        this.anyHost = allowedHosts.contains("*");
        this.metricsNeedToken = metricsNeedToken;
        this.allowedHosts = allowedHosts.stream().map(HttpGuard::normalise).collect(Collectors.toUnmodifiableSet());
    }

    /** {@code handler} behind the Host check, with the security headers on every answer. */
    HttpCall.Handler around(HttpCall.Handler handler) {
        return call -> {
            call.setHeader("X-Content-Type-Options", "nosniff");
            call.setHeader("Referrer-Policy", "no-referrer");
            call.setHeader("X-Frame-Options", "DENY");
            call.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            String path = call.rawPath();
            boolean exempt = path.startsWith("/health/") || (metricsNeedToken && path.equals("/metrics"));
            if (!exempt && !allowed(call.header("Host"))) {
                call.respond(
                        421,
                        "application/json",
                        "{\"error\":\"this server does not answer for that Host; see --http-allowed-hosts\"}");
                return;
            }
            handler.handle(call);
        };
    }

    /** Whether a Host header (host, host:port, [v6]:port) names an allowed host; a missing one is refused. */
    boolean allowed(String hostHeader) {
        if (anyHost) {
            return true;
        }
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        String host = hostHeader.strip();
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            host = close < 0 ? host : host.substring(1, close);
        } else if (host.indexOf(':') == host.lastIndexOf(':') && host.contains(":")) {
            host = host.substring(0, host.indexOf(':'));
        }
        return allowedHosts.contains(normalise(host));
    }

    private static String normalise(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
