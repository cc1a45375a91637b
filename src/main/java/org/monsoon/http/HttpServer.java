package org.monsoon.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Monsoon's HTTP server (the API and the schema registry), on Jetty 12. Jetty reads request headers
 * without holding a thread, so clients that send half a request cannot starve the others; an idle
 * timeout closes them, headers are capped, and handlers cap bodies. Routes are matched by path prefix,
 * longest first, and can be mounted after the server is bound (the port must be known before Kafka
 * Streams starts, the handlers need Streams).
 */
public final class HttpServer implements AutoCloseable {
    /** How long a connection may send nothing (half a request, a stalled body) before it is closed. */
    public static final long IDLE_TIMEOUT_MS = 10_000;

    private static final int MAX_THREADS = 32;
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    /** The largest body any handler accepts (the registry's schemas); handlers ask for less. */
    public static final int MAX_BODY_BYTES = 2 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    private record Route(String prefix, HttpCall.Handler handler) {}

    private final Server server;
    private final ServerConnector connector;
    private final List<Route> routes = new CopyOnWriteArrayList<>();

    private HttpServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /** Binds host:port (0: a free port) and starts serving; unmounted paths answer 404. */
    public static HttpServer start(String name, String host, int port) throws IOException {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 4);
        threads.setName(name);
        threads.setDaemon(true);
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(MAX_HEADER_BYTES);
        // An indicator's value is one path segment and may hold an encoded '/' (a URL): allow it.
        http.setUriCompliance(UriCompliance.DEFAULT.with(
                "monsoon",
                UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
                UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING));
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        server.addConnector(connector);
        HttpServer self = new HttpServer(server, connector);
        server.setHandler(self.new Dispatcher());
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // already failing
            }
            throw new IOException("cannot serve on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return self;
    }

    /** Serves paths starting with {@code prefix} ({@code /} for everything not otherwise mounted). */
    public HttpServer mount(String prefix, HttpCall.Handler handler) {
        routes.add(new Route(prefix, handler));
        routes.sort((a, b) -> Integer.compare(b.prefix().length(), a.prefix().length()));
        return this;
    }

    public InetSocketAddress address() {
        String host = connector.getHost() == null ? "0.0.0.0" : connector.getHost();
        return new InetSocketAddress(host, connector.getLocalPort());
    }

    /** {@code http://host:port}. */
    public String url() {
        InetSocketAddress a = address();
        return "http://" + a.getHostString() + ":" + a.getPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("HTTP server did not stop cleanly: {}", e.toString());
        }
    }

    /**
     * Reads a request's body without holding a thread (Jetty calls back when it has arrived), then runs
     * the handler on the pool: a client that sends half a body keeps no thread waiting, and the idle
     * timeout ends it.
     */
    private final class Dispatcher extends Handler.Abstract {
        @Override
        // Content.Source.asByteArrayAsync is deprecated in Jetty 12.1 for a Promise-based form that is
        // not in the 12.0 line this build may also run on; it stays until that line is dropped.
        @SuppressWarnings("removal")
        public boolean handle(Request request, Response response, Callback callback) {
            if (request.getLength() == 0) {
                dispatch(new JettyCall(request, response, callback, new byte[0]));
                return true;
            }
            Content.Source.asByteArrayAsync(request, MAX_BODY_BYTES)
                    .whenComplete((body, failure) -> server.getThreadPool().execute(() -> {
                        JettyCall call = new JettyCall(request, response, callback, body);
                        if (failure == null) {
                            dispatch(call);
                        } else if (request.getLength() > MAX_BODY_BYTES
                                || failure instanceof IllegalArgumentException) {
                            call.answerIfOpen(413, "request body larger than " + MAX_BODY_BYTES + " bytes");
                        } else {
                            LOG.debug("HTTP {} body not received: {}", request.getMethod(), failure.toString());
                            callback.failed(failure); // the client went away or stalled past the idle timeout
                        }
                    }));
            return true;
        }

        private void dispatch(JettyCall call) {
            String path = call.rawPath();
            try {
                for (Route route : routes) {
                    if (path != null && path.startsWith(route.prefix())) {
                        route.handler().handle(call);
                        call.ensureAnswered();
                        return;
                    }
                }
                call.respond(404, "application/json", "{\"error\":\"not found\"}");
            } catch (HttpCall.BodyTooLarge e) {
                call.answerIfOpen(413, e.getMessage());
            } catch (Exception e) {
                LOG.error("HTTP {} {} failed", call.method(), path, e);
                call.answerIfOpen(500, "internal error");
            }
        }
    }

    /** A Jetty request and response behind {@link HttpCall}. */
    private static final class JettyCall implements HttpCall {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final byte[] body;
        private boolean answered;

        JettyCall(Request request, Response response, Callback callback, byte[] body) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.body = body == null ? new byte[0] : body;
        }

        @Override
        public String method() {
            return request.getMethod();
        }

        @Override
        public String rawPath() {
            return request.getHttpURI().getPath();
        }

        @Override
        public String rawQuery() {
            return request.getHttpURI().getQuery();
        }

        @Override
        public String header(String name) {
            return request.getHeaders().get(name);
        }

        @Override
        public byte[] body(int maxBytes) throws IOException {
            if (body.length > maxBytes) {
                throw new BodyTooLarge(maxBytes);
            }
            return body;
        }

        @Override
        public void setHeader(String name, String value) {
            response.getHeaders().put(name, value);
        }

        @Override
        public void respond(int status, String contentType, byte[] body) throws IOException {
            if (answered) {
                throw new IllegalStateException("answered twice");
            }
            answered = true;
            response.setStatus(status);
            response.getHeaders().put("Content-Type", contentType);
            response.getHeaders().put(new HttpField("Content-Length", String.valueOf(body.length)));
            response.write(true, ByteBuffer.wrap(body), callback);
        }

        void ensureAnswered() throws IOException {
            if (!answered) {
                respond(500, "application/json", "{\"error\":\"no answer\"}");
            }
        }

        /** Answers with an error unless an answer is already on its way (which completes the callback). */
        void answerIfOpen(int status, String error) {
            if (!answered) {
                try {
                    respond(status, "application/json", "{\"error\":\"" + error.replace("\"", "'") + "\"}");
                } catch (IOException | RuntimeException e) {
                    callback.failed(e);
                }
            }
        }
    }
}
