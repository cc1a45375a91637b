package org.monsoon.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.monsoon.http.HttpCall;

/**
 * Serves the analysts' dashboard: a small static page that polls the API, with an advisory detail view,
 * charts of the region drawn as plain SVG and an indicator search (no front-end build, no library, no
 * request leaves the server: the CSP allows only 'self').
 */
final class DashboardHandler implements HttpCall.Handler {
    private static final Map<String, String> FILES = Map.of(
            "/",
            "index.html",
            "/index.html",
            "index.html",
            "/app.js",
            "app.js",
            "/charts.js",
            "charts.js",
            "/style.css",
            "style.css");
    private static final Map<String, String> TYPES = Map.of(
            "html",
            "text/html; charset=utf-8",
            "js",
            "text/javascript; charset=utf-8",
            "css",
            "text/css; charset=utf-8");

    @Override
    public void handle(HttpCall call) throws IOException {
        String file = FILES.get(call.rawPath());
        if (file == null || !call.method().equals("GET")) {
            call.respond(404, "application/json", "{\"error\":\"not found\"}");
            return;
        }
        try (InputStream in = DashboardHandler.class.getResourceAsStream("/dashboard/" + file)) {
            byte[] bytes = in.readAllBytes();
            call.setHeader("Cache-Control", "no-cache");
            call.respond(200, TYPES.get(file.substring(file.lastIndexOf('.') + 1)), bytes);
        }
    }
}
