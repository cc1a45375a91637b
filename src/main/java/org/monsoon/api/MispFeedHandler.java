package org.monsoon.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.monsoon.http.HttpCall;

/**
 * Serves {@link MispFeedIndex} under {@code /misp/}: {@code manifest.json}, {@code <uuid>.json} and
 * {@code hashes.csv}, behind the API token (MISP sends it as a feed's custom header,
 * {@code Authorization: Bearer <token>}).
 */
final class MispFeedHandler implements HttpCall.Handler {
    private static final Pattern EVENT =
            Pattern.compile("/misp/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\.json");

    private final MispFeedIndex feed;
    private final Predicate<String> admits;

    MispFeedHandler(MispFeedIndex feed, Predicate<String> admits) {
        this.feed = feed;
        this.admits = admits;
    }

    @Override
    public void handle(HttpCall call) throws IOException {
        if (!admits.test(call.header("Authorization"))) {
            call.setHeader("WWW-Authenticate", "Bearer realm=\"monsoon\"");
            call.respond(401, "application/json", "{\"error\":\"the MISP feed requires the API token\"}");
            return;
        }
        if (!call.method().equals("GET")) {
            call.respond(405, "application/json", "{\"error\":\"GET only\"}");
            return;
        }
        String path = call.rawPath();
        if (path.equals("/misp/manifest.json")) {
            call.respond(200, "application/json", feed.manifest().toString());
            return;
        }
        if (path.equals("/misp/hashes.csv")) {
            call.respond(200, "text/csv; charset=utf-8", feed.hashes());
            return;
        }
        Matcher m = EVENT.matcher(path);
        ObjectNode event = m.matches() ? feed.event(m.group(1)) : null;
        if (event == null) {
            call.respond(404, "application/json", "{\"error\":\"no such event in the feed\"}");
            return;
        }
        call.respond(200, "application/json", event.toString());
    }
}
