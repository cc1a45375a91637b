package org.monsoon.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** Serves the analysts' dashboard: a small static page that polls the API (no front-end build). */
final class DashboardHandler implements HttpHandler {
    private static final Map<String, String> FILES = Map.of(
            "/", "index.html", "/index.html", "index.html", "/app.js", "app.js", "/style.css", "style.css");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String file = FILES.get(exchange.getRequestURI().getPath());
        if (file == null || !exchange.getRequestMethod().equals("GET")) {
            HttpApi.respond(exchange, 404, "application/json", "{\"error\":\"not found\"}");
            return;
        }
        try (exchange; InputStream in = DashboardHandler.class.getResourceAsStream("/dashboard/" + file)) {
            byte[] bytes = in.readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", TYPES.get(file.substring(file.lastIndexOf('.') + 1)));
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }
}
